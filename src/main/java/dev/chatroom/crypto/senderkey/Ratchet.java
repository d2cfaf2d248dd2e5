package dev.chatroom.crypto.senderkey;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hash ratchet of PROTOCOL.md section 12: {@code MK = HMAC-SHA256(CK_i, 0x01)},
 * {@code CK_{i+1} = HMAC-SHA256(CK_i, 0x02)}, and MK's Fernet key text.
 */
public final class Ratchet {
  public static final int KEY_BYTES = 32;
  static final byte MESSAGE_KEY_SEED = 0x01;
  static final byte CHAIN_KEY_SEED = 0x02;

  /** Mac lookups are not free and every message derives two keys; init resets state. */
  private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(Ratchet::newMac);

  private Ratchet() {}

  /** MK_i from CK_i; {@code chainKey} is left as it is. */
  public static byte[] messageKey(byte[] chainKey) {
    return hmac(chainKey, MESSAGE_KEY_SEED);
  }

  /** CK_{i+1} from CK_i; {@code chainKey} is left as it is. */
  public static byte[] nextChainKey(byte[] chainKey) {
    return hmac(chainKey, CHAIN_KEY_SEED);
  }

  /** MK in Fernet's key text: base64url of the 32 bytes, first 16 sign, last 16 encrypt. */
  public static String fernetKey(byte[] messageKey) {
    requireKey(messageKey);
    return Base64.getUrlEncoder().encodeToString(messageKey);
  }

  /** Overwrites key material once it has served (forward secrecy). */
  static void wipe(byte[] key) {
    if (key != null) {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] hmac(byte[] chainKey, byte seed) {
    requireKey(chainKey);
    try {
      Mac mac = HMAC.get();
      mac.init(new SecretKeySpec(chainKey, "HmacSHA256"));
      mac.update(seed);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 refused a 32-byte key", e);
    }
  }

  private static void requireKey(byte[] key) {
    if (key == null || key.length != KEY_BYTES) {
      throw new IllegalArgumentException("a chain or message key is 32 bytes");
    }
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This Java runtime lacks HMAC-SHA256.", e);
    }
  }
}
