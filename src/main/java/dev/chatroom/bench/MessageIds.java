package dev.chatroom.bench;

import java.nio.charset.StandardCharsets;

/**
 * Message ids that carry the benchmark's bookkeeping in a valid version-4 UUID: the sender's
 * index and sequence number in the high half, the intended send time in the low half. The
 * receiver reads them back from the relayed line without a JSON parse or a shared map.
 */
final class MessageIds {
  static final int LENGTH = 36;
  private static final long SEQ_MAX = (1L << 44) - 1;
  private static final long NANOS_MASK = (1L << 62) - 1;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private MessageIds() {}

  /** The 64 high bits: 16 bits of sender, 32+12 bits of sequence around the version nibble 4. */
  static long high(int sender, long seq) {
    if (sender < 0 || sender > 0xffff || seq < 0 || seq > SEQ_MAX) {
      throw new IllegalArgumentException("sender or sequence out of range");
    }
    return ((long) sender << 48) | ((seq >>> 12) << 16) | (0x4L << 12) | (seq & 0xfff);
  }

  /** The 64 low bits: the RFC 4122 variant, then the intended send time (nanos from a base). */
  static long low(long intendedNanos) {
    return (0b10L << 62) | (intendedNanos & NANOS_MASK);
  }

  static int sender(long high) { return (int) (high >>> 48); }

  static long seq(long high) { return (((high >>> 16) & 0xffffffffL) << 12) | (high & 0xfff); }

  static long intendedNanos(long low) { return low & NANOS_MASK; }

  /** Writes the 36 characters of the UUID text form at {@code at}. */
  static void write(byte[] out, int at, long high, long low) {
    hex(out, at, high >>> 32, 8);
    out[at + 8] = '-';
    hex(out, at + 9, high >>> 16, 4);
    out[at + 13] = '-';
    hex(out, at + 14, high, 4);
    out[at + 18] = '-';
    hex(out, at + 19, low >>> 48, 4);
    out[at + 23] = '-';
    hex(out, at + 24, low, 12);
  }

  static String text(long high, long low) {
    byte[] b = new byte[LENGTH];
    write(b, 0, high, low);
    return new String(b, StandardCharsets.US_ASCII);
  }

  /** Reads the high half of a UUID text at {@code at}; -1 if it is not one of ours in form. */
  static long readHigh(byte[] in, int at) {
    return (hexValue(in, at, 8) << 32) | (hexValue(in, at + 9, 4) << 16) | hexValue(in, at + 14, 4);
  }

  static long readLow(byte[] in, int at) {
    return (hexValue(in, at + 19, 4) << 48) | hexValue(in, at + 24, 12);
  }

  private static void hex(byte[] out, int at, long value, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      out[at + i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
  }

  private static long hexValue(byte[] in, int at, int digits) {
    long v = 0;
    for (int i = 0; i < digits; i++) {
      int c = in[at + i];
      int d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
      v = (v << 4) | (d & 0xf);
    }
    return v;
  }
}
