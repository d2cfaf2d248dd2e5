package dev.chatroom.crypto.senderkey;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.PrivateStateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sender-key state file in the identity folder ({@value #FILE}, 0600, atomic, fsync).
 * With a passphrase: PBKDF2-HMAC-SHA256 (600,000 iterations, random salt in the header, as the
 * key files) to an AES-256-GCM key derived once per process, a fresh IV per write, the header
 * authenticated too. Without one: a SHA-256 check, so truncation is still caught. A file that
 * fails either is refused whole with one sentence.
 */
public final class SenderKeyStore {
  public static final String FILE = "sender_keys";
  static final int DEFAULT_ITERATIONS = 600_000;
  /** Far below would be a weakened file; far above, a file that hangs the client. */
  static final int MIN_ITERATIONS = 1_000;
  static final int MAX_ITERATIONS = 10_000_000;
  /**
   * Above the worst case the limits allow: about 6.2 MB of others' epochs (ReceiverKeys) and
   * 66 bytes per holder of my epochs (SenderChains.MAX_ROOMS x SenderChain.MAX_HOLDERS, 66 MB).
   */
  static final int MAX_FILE_BYTES = 96 * 1024 * 1024;

  private static final byte[] MAGIC = "CRSK".getBytes(StandardCharsets.US_ASCII);
  private static final byte FORMAT = 1;
  private static final byte PLAIN = 0;
  private static final byte SEALED = 1;
  private static final int SALT_BYTES = 16;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int SHA256_BYTES = 32;
  private static final int PLAIN_HEADER = MAGIC.length + 2;
  private static final int SEALED_HEADER = PLAIN_HEADER + 4 + SALT_BYTES + IV_BYTES;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  /** Null without a passphrase. */
  private final SecretKey key;
  private final byte[] salt;
  private final int iterations;

  private SenderKeyStore(Path file, SecretKey key, byte[] salt, int iterations) {
    this.file = file;
    this.key = key;
    this.salt = salt;
    this.iterations = iterations;
  }

  /**
   * The store of the identity in {@code identityDir}; {@code passphrase} (null: none) is the
   * identity's and is not kept: the key is derived here, from the salt of the file on disk
   * if there is one.
   */
  public static SenderKeyStore open(Path identityDir, char[] passphrase) throws CryptoException {
    return open(identityDir, passphrase, DEFAULT_ITERATIONS);
  }

  /** With a chosen PBKDF2 count for new files, so tests need not pay for 600,000 each. */
  static SenderKeyStore open(Path identityDir, char[] passphrase, int newFileIterations)
      throws CryptoException {
    Path file = identityDir.resolve(FILE);
    if (passphrase == null) {
      return new SenderKeyStore(file, null, null, 0);
    }
    byte[] salt;
    int iterations;
    byte[] existing = readIfPresent(file);
    if (existing != null && existing.length >= SEALED_HEADER && isSealed(existing)) {
      ByteBuffer header = ByteBuffer.wrap(existing, PLAIN_HEADER, 4 + SALT_BYTES);
      iterations = header.getInt();
      salt = new byte[SALT_BYTES];
      header.get(salt);
      if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
        throw damaged(file);
      }
    } else {
      // No usable header: load() will say what is wrong with the file, if there is one.
      salt = new byte[SALT_BYTES];
      RANDOM.nextBytes(salt);
      iterations = newFileIterations;
    }
    return new SenderKeyStore(file, derive(passphrase, salt, iterations), salt, iterations);
  }

  public Path file() {
    return file;
  }

  /** The saved state, or an empty one if there is no file yet. */
  public SenderKeyState load() throws CryptoException {
    byte[] data = readIfPresent(file);
    if (data == null) {
      return SenderKeyState.empty();
    }
    byte[] body = key == null ? openPlain(data) : openSealed(data);
    try {
      return StateCodec.decode(body);
    } catch (StateCodec.BadState e) {
      throw damaged(file);
    } finally {
      Arrays.fill(body, (byte) 0);
    }
  }

  /** Replaces the file with {@code state} in one atomic, fsynced write. */
  public void save(SenderKeyState state) throws CryptoException {
    StateCodec.WipingBuffer body = new StateCodec.WipingBuffer();
    byte[] out = null;
    try {
      StateCodec.encode(state, body);
      if (body.size() > MAX_FILE_BYTES - SEALED_HEADER - TAG_BITS / 8) {
        // Never write what load() would refuse; the file on disk stays as it was.
        throw new CryptoException("The sender-key state is too large to save to " + file + ".");
      }
      out = key == null ? plain(body) : sealed(body);
      PrivateStateFiles.writeAtomically(file, out);
    } catch (IOException e) {
      throw new CryptoException("Could not write " + file + ": " + e.getMessage(), e);
    } finally {
      body.wipe();
      if (out != null) {
        Arrays.fill(out, (byte) 0);
      }
    }
  }

  private static byte[] plain(StateCodec.WipingBuffer body) throws IOException {
    ByteBuffer out = ByteBuffer.allocate(PLAIN_HEADER + body.size() + SHA256_BYTES);
    out.put(MAGIC).put(FORMAT).put(PLAIN).put(body.array(), 0, body.size());
    out.put(sha256(out.array(), out.position()));
    return out.array();
  }

  private byte[] sealed(StateCodec.WipingBuffer body) throws CryptoException {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    ByteBuffer header = ByteBuffer.allocate(SEALED_HEADER);
    header.put(MAGIC).put(FORMAT).put(SEALED).putInt(iterations).put(salt).put(iv);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      gcm.updateAAD(header.array());
      byte[] ciphertext = gcm.doFinal(body.array(), 0, body.size());
      return ByteBuffer.allocate(SEALED_HEADER + ciphertext.length)
          .put(header.array()).put(ciphertext).array();
    } catch (GeneralSecurityException e) {
      throw new CryptoException("The sender-key state could not be encrypted.", e);
    }
  }

  private byte[] openPlain(byte[] data) throws CryptoException {
    if (data.length >= PLAIN_HEADER && isSealed(data)) {
      throw new CryptoException(file + " is encrypted; the identity's passphrase is needed.");
    }
    if (data.length < PLAIN_HEADER + SHA256_BYTES || !hasMagic(data) || data[MAGIC.length + 1] != PLAIN) {
      throw damaged(file);
    }
    int sumAt = data.length - SHA256_BYTES;
    if (!MessageDigest.isEqual(sha256(data, sumAt), Arrays.copyOfRange(data, sumAt, data.length))) {
      throw damaged(file);
    }
    return Arrays.copyOfRange(data, PLAIN_HEADER, sumAt);
  }

  private byte[] openSealed(byte[] data) throws CryptoException {
    if (data.length >= PLAIN_HEADER && hasMagic(data) && data[MAGIC.length + 1] == PLAIN) {
      // Fail closed: a plain file beside an encrypted identity was not written by us.
      throw new CryptoException(file + " is not encrypted, though the identity is; it was not"
          + " loaded.");
    }
    if (data.length < SEALED_HEADER + TAG_BITS / 8 || !isSealed(data)) {
      throw damaged(file);
    }
    ByteBuffer header = ByteBuffer.wrap(data, PLAIN_HEADER, 4 + SALT_BYTES);
    byte[] fileSalt = new byte[SALT_BYTES];
    int fileIterations = header.getInt();
    header.get(fileSalt);
    if (fileIterations != iterations || !MessageDigest.isEqual(fileSalt, salt)) {
      // Written by another process since we derived our key: refuse rather than guess.
      throw damaged(file);
    }
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, key,
          new GCMParameterSpec(TAG_BITS, data, SEALED_HEADER - IV_BYTES, IV_BYTES));
      gcm.updateAAD(data, 0, SEALED_HEADER);
      return gcm.doFinal(data, SEALED_HEADER, data.length - SEALED_HEADER);
    } catch (GeneralSecurityException e) {
      throw damaged(file);
    }
  }

  private static boolean hasMagic(byte[] data) {
    return Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
        && data[MAGIC.length] == FORMAT;
  }

  private static boolean isSealed(byte[] data) {
    return hasMagic(data) && data[MAGIC.length + 1] == SEALED;
  }

  private static SecretKey derive(char[] passphrase, byte[] salt, int iterations)
      throws CryptoException {
    PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
    byte[] raw = null;
    try {
      raw = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      return new SecretKeySpec(raw, "AES");
    } catch (GeneralSecurityException e) {
      throw new CryptoException("The sender-key state key could not be derived.", e);
    } finally {
      spec.clearPassword();
      if (raw != null) {
        Arrays.fill(raw, (byte) 0);
      }
    }
  }

  private static byte[] sha256(byte[] data, int length) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(data, 0, length);
      return sha.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This Java runtime lacks SHA-256.", e);
    }
  }

  private static byte[] readIfPresent(Path file) throws CryptoException {
    try {
      if (PrivateStateFiles.openToOthers(file)) {
        throw new CryptoException(file + " is accessible to other users; run chmod 600 " + file
            + " and try again.");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw damaged(file);
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new CryptoException(file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static CryptoException damaged(Path file) {
    return new CryptoException(file + " is damaged or was altered, so it was not loaded; move it"
        + " aside to start afresh (earlier group messages then cannot be read).");
  }
}
