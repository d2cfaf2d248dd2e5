package dev.chatroom.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Ed25519 signatures through BouncyCastle (SunEC's Ed25519 is far slower on Java 17). */
public final class Signatures {
  /** Passed explicitly, so the global provider order never decides which Ed25519 we get. */
  static final Provider BC = new BouncyCastleProvider();
  static final int SIGNATURE_BYTES = 64;

  private Signatures() {}

  public static byte[] sign(PrivateKey key, byte[] data) throws CryptoException {
    try {
      Signature ed = Signature.getInstance("Ed25519", BC);
      ed.initSign(key);
      ed.update(data);
      return ed.sign();
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new CryptoException("Signing failed; the Ed25519 key may be unusable.", e);
    }
  }

  /** False for a wrong, malformed or wrong-length signature; never throws. */
  public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
    if (key == null || data == null || signature == null
        || signature.length != SIGNATURE_BYTES) {
      return false;
    }
    try {
      Signature ed = Signature.getInstance("Ed25519", BC);
      ed.initVerify(key);
      ed.update(data);
      return ed.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
