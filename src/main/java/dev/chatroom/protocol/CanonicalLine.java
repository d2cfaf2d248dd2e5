package dev.chatroom.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over one stored frame's line as {@link FrameCodec#encode} writes it (fields in its
 * order, no spaces, no escapes), for the fast paths that match such a line on its bytes with no
 * JSON parser ({@link GroupLine}, {@link MessageLine}). Every check is strict: anything else is
 * "not sure", which sends the line the parser's way. The long fields are checked eight bytes at
 * a time with no branch, as they are most of the line.
 */
abstract class CanonicalLine {
  static final int SIGNATURE_CHARS = 88; // 64 bytes in padded base64
  private static final int MAX_DIGITS = 18; // always inside a long

  private static final byte[] ROOM = ascii("\",\"room\":\"");
  private static final byte[] FROM = ascii("\",\"from\":\"");
  private static final byte[] SENT = ascii("\",\"sent\":");

  final byte[] b;
  final int end;
  int at;
  String id;
  String room;
  String from;
  long sent;

  CanonicalLine(byte[] b, int offset, int length) {
    this.b = b;
    this.at = offset;
    this.end = offset + length;
  }

  /**
   * The fields every stored frame starts with: {@code typeAndId} (its type, then the id's name),
   * id, room, from and sent, then {@code afterSent}; false unless canonical and valid.
   */
  final boolean head(byte[] typeAndId, byte[] afterSent) {
    if (!literal(typeAndId)) {
      return false;
    }
    id = text(ROOM);
    room = id == null ? null : text(FROM);
    from = room == null ? null : text(SENT);
    if (from == null || !FrameReader.isUuid(id) || !Names.isValidRoom(room) || !Names.isValidNick(from)) {
      return false;
    }
    int sentAt = at;
    if (!number(true) || !literal(afterSent)) {
      return false;
    }
    sent = longAt(sentAt, at - afterSent.length);
    return true;
  }

  /** Steps over {@code expected}, or says false. */
  final boolean literal(byte[] expected) {
    if (end - at < expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (b[at + i] != expected[i]) {
        return false;
      }
    }
    at += expected.length;
    return true;
  }

  /** A string's plain text up to its closing quote, then {@code next}; null if escaped or not so. */
  final String text(byte[] next) {
    int start = at;
    int stop = plainUntilQuote();
    if (stop < 0) {
      return null;
    }
    at = stop;
    if (!literal(next)) {
      return null;
    }
    return new String(b, start, stop - start, StandardCharsets.ISO_8859_1);
  }

  /** The index of the next quote, or -1 if a byte before it is not printable ASCII or is a backslash. */
  final int plainUntilQuote() {
    int i = at;
    for (; i + 8 <= end; i += 8) {
      long special = notPlain((long) LONGS.get(b, i));
      if (special != 0) {
        int first = i + (Long.numberOfTrailingZeros(special) >>> 3);
        return b[first] == '"' ? first : -1;
      }
    }
    for (; i < end; i++) {
      byte c = b[i];
      if (c == '"') {
        return i;
      }
      if (c < 0x20 || c > 0x7e || c == '\\') {
        return -1;
      }
    }
    return -1;
  }

  /** A JSON integer in canonical form (no leading zero, at most 18 digits), negative if allowed. */
  final boolean number(boolean signed) {
    if (signed && at < end && b[at] == '-') {
      at++;
    }
    int digits = at;
    while (at < end && b[at] >= '0' && b[at] <= '9') {
      at++;
    }
    int n = at - digits;
    return n > 0 && n <= MAX_DIGITS && (n == 1 || b[digits] != '0');
  }

  /** The integer {@link #number} stepped over in {@code b[start, stop)}. */
  private long longAt(int start, int stop) {
    return Long.parseLong(new String(b, start, stop - start, StandardCharsets.ISO_8859_1));
  }

  /** 86 chars of standard base64 and "==", as {@link MessageScanner#isPaddedSignature}. */
  final boolean isPaddedSignature(int start) {
    return b[start + SIGNATURE_CHARS - 1] == '=' && b[start + SIGNATURE_CHARS - 2] == '='
        && allBase64(b, start, start + SIGNATURE_CHARS - 2, '+', '/');
  }

  /** The line ends with {@code field} (its name and opening quote), a signature, its quote and brace. */
  final boolean endsWithSignature(byte[] field) {
    if (end - at != field.length + SIGNATURE_CHARS + 2 || !literal(field)) {
      return false;
    }
    return b[end - 2] == '"' && b[end - 1] == '}' && isPaddedSignature(at);
  }

  /** Whether every byte of {@code b[from, to)} is a letter, a digit, {@code c62} or {@code c63}. */
  static boolean allBase64(byte[] b, int from, int to, int c62, int c63) {
    long bad = 0;
    if (to - from < 8) {
      for (int i = from; i < to; i++) {
        bad |= notBase64(b[i] & 0xFFL, c62, c63) & 0x80; // the low lane only: the others are zero
      }
      return bad == 0;
    }
    for (int i = from; i < to - 8; i += 8) {
      bad |= notBase64((long) LONGS.get(b, i), c62, c63);
    }
    bad |= notBase64((long) LONGS.get(b, to - 8), c62, c63); // the last eight, overlapping the loop's last
    return bad == 0;
  }

  static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH = 0x8080808080808080L;
  private static final long ONES = 0x0101010101010101L;

  /** Per byte of {@code x} below 0x80: its high bit set iff the byte is at least {@code c} (no carries). */
  private static long atLeast(long x, int c) { return x + ONES * (0x80 - c); }

  /** Per byte: its high bit set iff the byte is exactly {@code c}. */
  private static long is(long low, int c) { return atLeast(low, c) & ~atLeast(low, c + 1); }

  /** The high bit of each byte of {@code x} that is not a base64 letter, digit, {@code c62} or {@code c63}. */
  private static long notBase64(long x, int c62, int c63) {
    long low = x & ~HIGH;
    long in = (atLeast(low, '0') & ~atLeast(low, '9' + 1))
        | (atLeast(low, 'A') & ~atLeast(low, 'Z' + 1))
        | (atLeast(low, 'a') & ~atLeast(low, 'z' + 1))
        | is(low, c62) | is(low, c63);
    return (~in | x) & HIGH;
  }

  /** The high bit of each byte of {@code x} that ends or spoils a plain string: a quote, a backslash, not printable ASCII. */
  private static long notPlain(long x) {
    long low = x & ~HIGH;
    return (x | ~atLeast(low, 0x20) | atLeast(low, 0x7f) | is(low, '"') | is(low, '\\')) & HIGH;
  }
}
