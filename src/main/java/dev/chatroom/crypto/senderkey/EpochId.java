package dev.chatroom.crypto.senderkey;

import java.security.SecureRandom;
import java.util.HexFormat;

/** An epoch's name on the wire: 16 random bytes as 32 lowercase hex digits (section 12). */
public final class EpochId {
  static final int BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private EpochId() {}

  public static String random() {
    byte[] id = new byte[BYTES];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  /** Exactly 32 lowercase hex digits; anything else is a malformed frame. */
  public static boolean isValid(String epoch) {
    if (epoch == null || epoch.length() != 2 * BYTES) {
      return false;
    }
    for (int i = 0; i < epoch.length(); i++) {
      char c = epoch.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
