package dev.chatroom.relay;

import java.util.HexFormat;

/**
 * An identity's fingerprint (SHA-256, PROTOCOL.md section 3) as four longs: the key of the
 * sessions online here. 48 bytes a member where its 64-digit hex String costs 104.
 */
record IdentityKey(long a, long b, long c, long d) {
  /** From the 64 lowercase hex digits of a fingerprint; IllegalArgumentException if it is not one. */
  static IdentityKey ofHex(String hex) {
    if (hex == null || hex.length() != 64) {
      throw new IllegalArgumentException("a fingerprint is 64 hex digits");
    }
    return new IdentityKey(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32),
        HexFormat.fromHexDigitsToLong(hex, 32, 48), HexFormat.fromHexDigitsToLong(hex, 48, 64));
  }

  /** The fingerprint as 64 lowercase hex digits, as the wire and the store name it. */
  String hex() {
    HexFormat f = HexFormat.of();
    return f.toHexDigits(a) + f.toHexDigits(b) + f.toHexDigits(c) + f.toHexDigits(d);
  }
}
