package dev.chatroom.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;

/** A user's own keys: RSA for unwrapping message keys, Ed25519 for signing. */
public record Identity(KeyPair rsa, KeyPair ed25519) {
  public static final int DEFAULT_RSA_BITS = 3072;

  public Identity {
    if (!(rsa.getPublic() instanceof RSAPublicKey)
        || !"Ed25519".equals(ed25519.getPublic().getAlgorithm())) {
      throw new IllegalArgumentException("an identity is an RSA and an Ed25519 key pair");
    }
  }

  public static Identity generate() throws CryptoException {
    return generate(DEFAULT_RSA_BITS);
  }

  /** {@code rsaBits} is 2048, 3072 or 4096. */
  public static Identity generate(int rsaBits) throws CryptoException {
    if (!PublicKeys.RSA_SIZES.contains(rsaBits)) {
      throw new CryptoException("RSA keys must have 2048, 3072 or 4096 bits, not " + rsaBits + ".");
    }
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(new RSAKeyGenParameterSpec(rsaBits, RSAKeyGenParameterSpec.F4));
      KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519", Signatures.BC);
      return new Identity(rsa.generateKeyPair(), ed.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new CryptoException("Key generation failed.", e);
    }
  }

  /** The {@code enc_key} of a hello: base64 RSA SPKI. */
  public String encKey() {
    return PublicKeys.encode(rsa.getPublic());
  }

  /** The {@code sig_key} of a hello: base64 Ed25519 SPKI. */
  public String sigKey() {
    return PublicKeys.encode(ed25519.getPublic());
  }

  public Fingerprint fingerprint() {
    return Fingerprint.of(rsa.getPublic(), ed25519.getPublic());
  }

  /** How others see us, e.g. to encrypt to our own other sessions or in tests. */
  public PeerKeys asPeer(String nick) {
    return new PeerKeys(nick, (RSAPublicKey) rsa.getPublic(), ed25519.getPublic(),
        encKey(), sigKey(), fingerprint());
  }

  /** Never prints key material. */
  @Override
  public String toString() {
    return "Identity[" + fingerprint().shortForm() + "]";
  }
}
