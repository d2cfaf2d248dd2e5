package dev.chatroom.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fernet tokens, spec version 0x80 (https://github.com/fernet/spec): AES-128-CBC with PKCS#7
 * padding, authenticated by HMAC-SHA256, in base64url text.
 */
public final class Fernet {
  private static final byte VERSION = (byte) 0x80;
  private static final int KEY_BYTES = 32;
  private static final int HALF = 16;
  private static final int IV_BYTES = 16;
  private static final int MAC_BYTES = 32;
  private static final int HEADER_BYTES = 1 + 8 + IV_BYTES;
  /** Version, timestamp, IV, at least one cipher block, HMAC. */
  private static final int MIN_TOKEN_BYTES = HEADER_BYTES + 16 + MAC_BYTES;
  /** The spec's allowance for a sender clock ahead of ours, checked only when a TTL is given. */
  static final long MAX_CLOCK_SKEW_SECONDS = 60;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder();
  private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

  private Fernet() {}

  /** A fresh key in the spec's text form: 44 characters of base64url (signing half first). */
  public static String generateKey() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    try {
      return B64URL.encodeToString(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Encrypts with a random IV, timestamped now. */
  public static String encrypt(String key, byte[] plaintext) throws CryptoException {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    return encrypt(key, plaintext, Instant.now().getEpochSecond(), iv);
  }

  /** Deterministic form for the spec's test vectors; never reuse an IV in real use. */
  static String encrypt(String key, byte[] plaintext, long epochSeconds, byte[] iv)
      throws CryptoException {
    if (iv.length != IV_BYTES) {
      throw new IllegalArgumentException("Fernet IV must be 16 bytes");
    }
    byte[] raw = decodeKey(key);
    try {
      Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
      aes.init(Cipher.ENCRYPT_MODE, encryptionKey(raw), new IvParameterSpec(iv));
      byte[] ciphertext = aes.doFinal(plaintext);
      ByteBuffer token = ByteBuffer.allocate(HEADER_BYTES + ciphertext.length + MAC_BYTES);
      token.put(VERSION).putLong(epochSeconds).put(iv).put(ciphertext);
      token.put(hmac(raw, token.array(), token.position()));
      return B64URL.encodeToString(token.array());
    } catch (GeneralSecurityException e) {
      throw new CryptoException("Fernet encryption failed.", e);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * Decrypts without an age limit: chat messages are checked for age by their signed
   * {@code sent} field, and a TTL here would reject senders whose clocks drift.
   */
  public static byte[] decrypt(String key, String token) throws CryptoException {
    return decrypt(key, token, -1, 0);
  }

  /**
   * Decrypts a token that must be at most {@code ttlSeconds} old and at most
   * {@link #MAX_CLOCK_SKEW_SECONDS} in the future, relative to {@code nowEpochSeconds}.
   * A negative TTL means no time checks.
   */
  public static byte[] decrypt(String key, String token, long ttlSeconds, long nowEpochSeconds)
      throws CryptoException {
    byte[] raw = decodeKey(key);
    try {
      byte[] data = decodeToken(token);
      // MAC first, in constant time: nothing about the ciphertext is looked at before it holds.
      int macAt = data.length - MAC_BYTES;
      byte[] expected = hmac(raw, data, macAt);
      if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(data, macAt, data.length))) {
        throw new CryptoException("Fernet token failed its integrity check.");
      }
      if (ttlSeconds >= 0) {
        checkTime(ByteBuffer.wrap(data, 1, 8).getLong(), ttlSeconds, nowEpochSeconds);
      }
      Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
      aes.init(Cipher.DECRYPT_MODE, encryptionKey(raw), new IvParameterSpec(data, 9, IV_BYTES));
      return aes.doFinal(data, HEADER_BYTES, macAt - HEADER_BYTES);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("Fernet token could not be decrypted.", e);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static void checkTime(long issued, long ttlSeconds, long now) throws CryptoException {
    // The timestamp is unsigned on the wire; a negative long is far in the future.
    if (issued < 0 || issued > now + MAX_CLOCK_SKEW_SECONDS) {
      throw new CryptoException("Fernet token is dated in the future.");
    }
    if (issued + ttlSeconds < now) {
      throw new CryptoException("Fernet token has expired.");
    }
  }

  private static byte[] decodeToken(String token) throws CryptoException {
    byte[] data;
    try {
      data = B64URL_DECODER.decode(token);
    } catch (IllegalArgumentException e) {
      throw new CryptoException("Fernet token is not valid base64url.");
    }
    if (data.length < MIN_TOKEN_BYTES || (data.length - HEADER_BYTES - MAC_BYTES) % 16 != 0) {
      throw new CryptoException("Fernet token has an invalid length.");
    }
    if (data[0] != VERSION) {
      throw new CryptoException("Fernet token has an unknown version.");
    }
    return data;
  }

  private static byte[] decodeKey(String key) throws CryptoException {
    byte[] raw;
    try {
      raw = B64URL_DECODER.decode(key);
    } catch (IllegalArgumentException e) {
      throw new CryptoException("Fernet key is not valid base64url.");
    }
    if (raw.length != KEY_BYTES) {
      Arrays.fill(raw, (byte) 0);
      throw new CryptoException("Fernet key must be 32 bytes.");
    }
    return raw;
  }

  private static byte[] hmac(byte[] rawKey, byte[] data, int length)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(rawKey, 0, HALF, "HmacSHA256"));
    mac.update(data, 0, length);
    return mac.doFinal();
  }

  private static SecretKeySpec encryptionKey(byte[] rawKey) {
    return new SecretKeySpec(rawKey, HALF, HALF, "AES");
  }
}
