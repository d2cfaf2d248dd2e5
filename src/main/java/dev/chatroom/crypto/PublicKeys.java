package dev.chatroom.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * Public keys on the wire: standard base64 (with padding) of DER SubjectPublicKeyInfo. Runs
 * on the relay for every hello, so it only parses and checks sizes.
 */
public final class PublicKeys {
  public static final Set<Integer> RSA_SIZES = Set.of(2048, 3072, 4096);
  static final BigInteger RSA_EXPONENT = BigInteger.valueOf(65537);
  /** Ed25519's SPKI is fixed: a 12-byte header and the 32-byte key. */
  private static final int ED25519_SPKI_BYTES = 44;

  private PublicKeys() {}

  public static String encode(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  /** An RSA key of 2048, 3072 or 4096 bits with exponent 65537. */
  public static RSAPublicKey parseRsa(String b64) throws CryptoException {
    byte[] der = decode(b64, "encryption");
    PublicKey key = generate("RSA", null, der, "encryption");
    if (!(key instanceof RSAPublicKey rsa)) {
      throw new CryptoException("The encryption key is not an RSA public key.");
    }
    checkRsa(rsa);
    return rsa;
  }

  /** An Ed25519 key, in BouncyCastle's form so Signatures uses it without conversion. */
  public static PublicKey parseEd25519(String b64) throws CryptoException {
    byte[] der = decode(b64, "signing");
    if (der.length != ED25519_SPKI_BYTES) {
      throw new CryptoException("The signing key is not an Ed25519 public key.");
    }
    PublicKey key = generate("Ed25519", Signatures.BC, der, "signing");
    if (!"Ed25519".equals(key.getAlgorithm())) {
      throw new CryptoException("The signing key is not an Ed25519 public key.");
    }
    return key;
  }

  static void checkRsa(RSAPublicKey rsa) throws CryptoException {
    int bits = rsa.getModulus().bitLength();
    if (!RSA_SIZES.contains(bits)) {
      throw new CryptoException(
          "The RSA key has " + bits + " bits; only 2048, 3072 and 4096 are allowed.");
    }
    if (!RSA_EXPONENT.equals(rsa.getPublicExponent())) {
      throw new CryptoException("The RSA key's public exponent must be 65537.");
    }
  }

  private static byte[] decode(String b64, String role) throws CryptoException {
    // Strict: padded standard base64 only, as PROTOCOL.md section 3 says.
    if (b64 == null || b64.isEmpty() || b64.length() % 4 != 0) {
      throw new CryptoException("The " + role + " key is not padded standard base64.");
    }
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new CryptoException("The " + role + " key is not padded standard base64.");
    }
  }

  private static PublicKey generate(String algorithm, Provider provider,
                                    byte[] der, String role) throws CryptoException {
    PublicKey key;
    try {
      KeyFactory factory = provider == null
          ? KeyFactory.getInstance(algorithm) : KeyFactory.getInstance(algorithm, provider);
      key = factory.generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new CryptoException("The " + role + " key is not a valid "
          + (algorithm.equals("RSA") ? "RSA" : "Ed25519") + " public key.");
    }
    // Only canonical DER: the fingerprint hashes these bytes, so one key has one encoding.
    if (!Arrays.equals(der, key.getEncoded())) {
      throw new CryptoException("The " + role + " key is not in canonical DER form.");
    }
    return key;
  }
}
