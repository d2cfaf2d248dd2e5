package dev.chatroom.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/** RSA-OAEP with SHA-256 and MGF1-SHA-256, empty label (PROTOCOL.md section 5 step 3). */
public final class KeyWrap {
  private static final String TRANSFORMATION = "RSA/ECB/OAEPPadding";
  /** Without an explicit spec SunJCE uses MGF1-SHA1, which no other implementation expects. */
  private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec(
      "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  /** One message for every unwrap failure, so callers cannot tell padding from length errors. */
  static final String UNWRAP_FAILED = "The message key could not be unwrapped.";

  /** Cipher lookups are not free and a message wraps once per recipient; init resets state. */
  private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(KeyWrap::newCipher);

  private KeyWrap() {}

  public static byte[] wrap(PublicKey recipient, byte[] secret) throws CryptoException {
    try {
      Cipher rsa = CIPHER.get();
      rsa.init(Cipher.ENCRYPT_MODE, recipient, OAEP_SHA256);
      return rsa.doFinal(secret);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new CryptoException("The message key could not be wrapped for a recipient.", e);
    }
  }

  public static byte[] unwrap(PrivateKey mine, byte[] wrapped) throws CryptoException {
    return unwrap(mine, wrapped, OAEP_SHA256);
  }

  /** With a label, for the Wycheproof vectors; the protocol always uses the empty label. */
  static byte[] unwrap(PrivateKey mine, byte[] wrapped, byte[] label) throws CryptoException {
    return unwrap(mine, wrapped, new OAEPParameterSpec("SHA-256", "MGF1",
        MGF1ParameterSpec.SHA256, new PSource.PSpecified(label)));
  }

  private static byte[] unwrap(PrivateKey mine, byte[] wrapped, OAEPParameterSpec spec)
      throws CryptoException {
    try {
      // A ciphertext is exactly the modulus length (RFC 8017 7.1.2 step 1b); SunJCE is lenient.
      if (!(mine instanceof RSAKey rsaKey)
          || wrapped.length != (rsaKey.getModulus().bitLength() + 7) / 8) {
        throw new CryptoException(UNWRAP_FAILED);
      }
      Cipher rsa = CIPHER.get();
      rsa.init(Cipher.DECRYPT_MODE, mine, spec);
      return rsa.doFinal(wrapped);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new CryptoException(UNWRAP_FAILED);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance(TRANSFORMATION, "SunJCE");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This Java runtime lacks RSA-OAEP (SunJCE).", e);
    }
  }
}
