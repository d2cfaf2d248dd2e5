package dev.chatroom.crypto;

import dev.chatroom.crypto.KeyFileException.Reason;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemWriter;

/** PKCS#8 private keys in PEM, plain ("PRIVATE KEY") or PBES2-encrypted. */
final class PemKeys {
  /** OWASP's 2023 advice for PBKDF2-HMAC-SHA256. */
  static final int PBKDF2_ITERATIONS = 600_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PemKeys() {}

  /**
   * PEM text of {@code info}; encrypted with AES-256-CBC under PBKDF2-HMAC-SHA256 when a
   * passphrase is given.
   */
  static byte[] encode(PrivateKeyInfo info, char[] passphrase, int iterations)
      throws CryptoException {
    try {
      OutputEncryptor encryptor = null;
      if (passphrase != null) {
        encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
            .setProvider(Signatures.BC)
            .setPRF(PKCS8Generator.PRF_HMACSHA256)
            .setIterationCount(iterations)
            .setRandom(RANDOM)
            .setPassword(passphrase)
            .build();
      }
      StringWriter text = new StringWriter();
      try (PemWriter pem = new PemWriter(text)) {
        pem.writeObject(new PKCS8Generator(info, encryptor).generate());
      }
      return text.toString().getBytes(StandardCharsets.US_ASCII);
    } catch (IOException | OperatorCreationException e) {
      throw new CryptoException("The private key could not be encoded.", e);
    }
  }

  /** True if the PEM text holds an encrypted key; cheap, looks at the header only. */
  static boolean isEncrypted(String pemText) {
    return pemText.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");
  }

  /** The PKCS#8 structure in {@code pemText}; {@code file} names it in error messages. */
  static PrivateKeyInfo decode(String pemText, char[] passphrase, String file)
      throws KeyFileException {
    Object object;
    try (PEMParser parser = new PEMParser(new StringReader(pemText))) {
      object = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new KeyFileException(Reason.UNREADABLE,
          file + " is damaged or truncated and cannot be read as a PEM key.", e);
    }
    if (object instanceof PrivateKeyInfo plain) {
      return plain;
    }
    if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
      if (passphrase == null) {
        throw new KeyFileException(Reason.NEEDS_PASSPHRASE,
            file + " is encrypted; a passphrase is needed to load it.");
      }
      try {
        return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
            .setProvider(Signatures.BC).build(passphrase));
      } catch (PKCSException | OperatorCreationException | RuntimeException e) {
        // A wrong passphrase shows up as bad padding or, rarely, as garbage after decryption.
        throw new KeyFileException(Reason.WRONG_PASSPHRASE,
            "Wrong passphrase for " + file + ".", e);
      }
    }
    if (object == null) {
      throw new KeyFileException(Reason.UNREADABLE, file + " does not contain a PEM key.");
    }
    throw new KeyFileException(Reason.WRONG_KEY_TYPE,
        file + " must hold a PKCS#8 \"PRIVATE KEY\" or \"ENCRYPTED PRIVATE KEY\".");
  }

  /** A readable name for the key type in {@code info}, for "wrong type" messages. */
  static String typeName(PrivateKeyInfo info) {
    ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
      return "RSA";
    } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
      return "Ed25519";
    } else if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
      return "Ed448";
    } else if (oid.equals(EdECObjectIdentifiers.id_X25519)) {
      return "X25519";
    } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      return "EC";
    } else if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
      return "RSA-PSS";
    }
    return "unknown (" + oid.getId() + ")";
  }
}
