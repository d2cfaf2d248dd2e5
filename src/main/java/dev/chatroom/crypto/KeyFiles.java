package dev.chatroom.crypto;

import dev.chatroom.crypto.KeyFileException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey;

/**
 * An identity folder (PROTOCOL.md section 3): {@code rsa.pem} and {@code ed25519.pem}, PKCS#8
 * PEM, folder 0700 and files 0600. Loads what Python's cryptography and openssl genpkey write.
 */
public final class KeyFiles {
  public static final String RSA_FILE = "rsa.pem";
  public static final String ED25519_FILE = "ed25519.pem";
  /** An RSA-4096 PEM is about 3.3 KB; anything far larger is not a key file. */
  private static final long MAX_FILE_BYTES = 64 * 1024;

  private KeyFiles() {}

  /** True if both key files are present (not whether they load). */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(RSA_FILE)) && Files.isRegularFile(dir.resolve(ED25519_FILE));
  }

  /** True if either key file is encrypted, so the caller knows to ask for a passphrase. */
  public static boolean isEncrypted(Path dir) throws KeyFileException {
    checkFolder(dir);
    return PemKeys.isEncrypted(readText(dir.resolve(RSA_FILE)))
        || PemKeys.isEncrypted(readText(dir.resolve(ED25519_FILE)));
  }

  /** Writes a new identity; {@code passphrase} null means unencrypted files. */
  public static void write(Path dir, Identity identity, char[] passphrase) throws CryptoException {
    write(dir, identity, passphrase, PemKeys.PBKDF2_ITERATIONS);
  }

  /** With a chosen PBKDF2 count, so tests need not pay for 600,000 iterations each time. */
  static void write(Path dir, Identity identity, char[] passphrase, int iterations)
      throws CryptoException {
    if (Files.exists(dir.resolve(RSA_FILE)) || Files.exists(dir.resolve(ED25519_FILE))) {
      throw new KeyFileException(Reason.ALREADY_EXISTS,
          "An identity already exists in " + dir + "; it was left untouched.");
    }
    // Encode (and encrypt) both before touching the disk, so a failure leaves nothing behind.
    byte[] rsa = PemKeys.encode(v1(identity.rsa().getPrivate()), passphrase, iterations);
    byte[] ed = PemKeys.encode(v1(identity.ed25519().getPrivate()), passphrase, iterations);
    try {
      if (Files.isDirectory(dir)) {
        writeInto(dir, rsa, ed);
      } else {
        writeNewFolder(dir, rsa, ed);
      }
    } catch (IOException e) {
      throw new KeyFileException(Reason.WRITE_FAILED,
          "Could not write the identity to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Builds the folder under a temporary name and renames it into place in one step. */
  private static void writeNewFolder(Path dir, byte[] rsa, byte[] ed) throws IOException {
    Path temp = PrivateFiles.tempSibling(dir.toAbsolutePath());
    PrivateFiles.createDirectory(temp);
    try {
      PrivateFiles.writeNew(temp.resolve(RSA_FILE), rsa);
      PrivateFiles.writeNew(temp.resolve(ED25519_FILE), ed);
      PrivateFiles.syncFolder(temp);
      Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      PrivateFiles.syncFolder(dir.toAbsolutePath().getParent());
    } finally {
      Files.deleteIfExists(temp.resolve(RSA_FILE));
      Files.deleteIfExists(temp.resolve(ED25519_FILE));
      Files.deleteIfExists(temp);
    }
  }

  /** The folder exists (maybe with known_peers): temp files, then renames, undone on failure. */
  private static void writeInto(Path dir, byte[] rsa, byte[] ed) throws IOException {
    PrivateFiles.restrictDirectory(dir);
    Path rsaTemp = PrivateFiles.writeNew(PrivateFiles.tempSibling(dir.resolve(RSA_FILE)), rsa);
    Path edTemp = null;
    boolean done = false;
    try {
      edTemp = PrivateFiles.writeNew(PrivateFiles.tempSibling(dir.resolve(ED25519_FILE)), ed);
      Files.move(rsaTemp, dir.resolve(RSA_FILE), StandardCopyOption.ATOMIC_MOVE);
      Files.move(edTemp, dir.resolve(ED25519_FILE), StandardCopyOption.ATOMIC_MOVE);
      PrivateFiles.syncFolder(dir);
      done = true;
    } finally {
      Files.deleteIfExists(rsaTemp);
      if (edTemp != null) {
        Files.deleteIfExists(edTemp);
      }
      if (!done) {
        Files.deleteIfExists(dir.resolve(RSA_FILE));
      }
    }
  }

  /** Loads both keys; {@code passphrase} may be null for unencrypted files. */
  public static Identity load(Path dir, char[] passphrase) throws KeyFileException {
    checkFolder(dir);
    Path rsaFile = dir.resolve(RSA_FILE);
    Path edFile = dir.resolve(ED25519_FILE);
    PrivateKeyInfo rsaInfo = PemKeys.decode(readPrivate(rsaFile), passphrase, rsaFile.toString());
    PrivateKeyInfo edInfo = PemKeys.decode(readPrivate(edFile), passphrase, edFile.toString());
    return new Identity(rsaPair(rsaInfo, rsaFile), ed25519Pair(edInfo, edFile));
  }

  private static KeyPair rsaPair(PrivateKeyInfo info, Path file) throws KeyFileException {
    requireType(info, "RSA", file);
    try {
      PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(encoded(info));
      if (!(key instanceof RSAPrivateCrtKey crt)) {
        throw new KeyFileException(Reason.UNSUPPORTED_KEY,
            file + " lacks the CRT parameters of a full RSA private key.");
      }
      RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      PublicKeys.checkRsa(pub);
      return new KeyPair(pub, key);
    } catch (KeyFileException e) {
      throw e;
    } catch (CryptoException e) {
      throw new KeyFileException(Reason.UNSUPPORTED_KEY, file + ": " + e.getMessage());
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new KeyFileException(Reason.UNREADABLE, file + " holds a damaged RSA key.", e);
    }
  }

  private static KeyPair ed25519Pair(PrivateKeyInfo info, Path file) throws KeyFileException {
    requireType(info, "Ed25519", file);
    try {
      PrivateKey key = KeyFactory.getInstance("Ed25519", Signatures.BC).generatePrivate(encoded(info));
      return new KeyPair(((EdDSAPrivateKey) key).getPublicKey(), key);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new KeyFileException(Reason.UNREADABLE, file + " holds a damaged Ed25519 key.", e);
    }
  }

  private static void requireType(PrivateKeyInfo info, String expected, Path file)
      throws KeyFileException {
    String actual = PemKeys.typeName(info);
    if (!actual.equals(expected)) {
      throw new KeyFileException(Reason.WRONG_KEY_TYPE,
          file + " holds an " + actual + " key, but must hold an " + expected + " key.");
    }
  }

  private static PKCS8EncodedKeySpec encoded(PrivateKeyInfo info) throws IOException {
    return new PKCS8EncodedKeySpec(info.getEncoded());
  }

  /** PKCS#8 v1 with no attributes or embedded public key: what every reader accepts. */
  private static PrivateKeyInfo v1(PrivateKey key) throws CryptoException {
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
      return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey());
    } catch (IOException | RuntimeException e) {
      throw new CryptoException("The private key could not be encoded.", e);
    }
  }

  /**
   * Refuses an identity folder that another user owns or may enter: they could read the keys,
   * or swap them (and known_peers) for their own.
   */
  public static void checkFolder(Path dir) throws KeyFileException {
    if (!Files.isDirectory(dir)) {
      throw new KeyFileException(Reason.MISSING, "There is no identity folder at " + dir + ".");
    }
    checkPrivate(dir, "700");
  }

  private static void checkPrivate(Path path, String mode) throws KeyFileException {
    try {
      if (PrivateFiles.ownedByOthers(path)) {
        throw new KeyFileException(Reason.INSECURE_PERMISSIONS, path + " belongs to another user; run chown "
            + System.getProperty("user.name") + " " + path + " and try again.");
      }
      if (PrivateFiles.openToOthers(path)) {
        throw new KeyFileException(Reason.INSECURE_PERMISSIONS, path
            + " is accessible to other users; run chmod " + mode + " " + path + " and try again.");
      }
    } catch (NoSuchFileException e) {
      throw new KeyFileException(Reason.MISSING, path + " is missing.");
    } catch (IOException e) {
      throw new KeyFileException(Reason.UNREADABLE, path + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Reads a private key file, refusing one that other users own or can read. */
  private static String readPrivate(Path file) throws KeyFileException {
    checkPrivate(file, "600");
    return readText(file);
  }

  private static String readText(Path file) throws KeyFileException {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new KeyFileException(Reason.UNREADABLE, file + " is too large to be a key file.");
      }
      // Latin-1 maps every byte, so garbage reaches the PEM parser and gets its clear message.
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new KeyFileException(Reason.MISSING, file + " is missing.");
    } catch (IOException e) {
      throw new KeyFileException(Reason.UNREADABLE, file + " cannot be read: " + e.getMessage(), e);
    }
  }
}
