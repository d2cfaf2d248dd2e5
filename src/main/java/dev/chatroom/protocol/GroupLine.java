package dev.chatroom.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The fastest path for the commonest stored frame: a {@code group_message} line exactly as
 * {@link FrameCodec#encode} writes it (fields in its order, no spaces, no escapes), matched on
 * its bytes with no JSON parser. It vouches only for lines the {@link MessageScanner} vouches
 * for with the same header, and says "not sure" (null) for every other line, which then goes
 * the parser's way; a streaming parse per frame was a third of the relay's time on small rooms.
 */
final class GroupLine {
  private static final byte[] TYPE_ID = ascii("{\"type\":\"group_message\",\"id\":\"");
  private static final byte[] ROOM = ascii("\",\"room\":\"");
  private static final byte[] FROM = ascii("\",\"from\":\"");
  private static final byte[] SENT = ascii("\",\"sent\":");
  private static final byte[] EPOCH = ascii(",\"epoch\":\"");
  private static final byte[] INDEX = ascii("\",\"index\":");
  private static final byte[] TOKEN = ascii(",\"encrypted_message\":\"");
  private static final byte[] SIGNATURE = ascii("\",\"signature\":\"");
  private static final int MAX_DIGITS = 18; // always inside a long
  private static final int SIGNATURE_CHARS = 88;

  private final byte[] b;
  private final int end;
  private int at;

  private GroupLine(byte[] b, int offset, int length) {
    this.b = b;
    this.at = offset;
    this.end = offset + length;
  }

  /** The header of a canonical, valid group_message line; null for anything else. */
  static MessageHeader scan(byte[] buf, int offset, int length) {
    return new GroupLine(buf, offset, length).read();
  }

  private MessageHeader read() {
    if (!literal(TYPE_ID)) {
      return null;
    }
    String id = text(ROOM);
    String room = id == null ? null : text(FROM);
    String from = room == null ? null : text(SENT);
    if (from == null || !FrameReader.isUuid(id) || !Names.isValidRoom(room) || !Names.isValidNick(from)) {
      return null;
    }
    int sentAt = at;
    if (!number(true) || !literal(EPOCH)) {
      return null;
    }
    long sent = Long.parseLong(new String(b, sentAt, at - EPOCH.length - sentAt, StandardCharsets.ISO_8859_1));
    String epoch = text(INDEX);
    if (epoch == null || !MessageScanner.isEpoch(epoch) || !number(false) || !literal(TOKEN)) {
      return null;
    }
    // the signature (of fixed length), its closing quote and brace end the line: so the token ends here
    int tokenEnd = end - 2 - SIGNATURE_CHARS - SIGNATURE.length;
    if (tokenEnd < at || !isBase64Url(at, tokenEnd)) {
      return null;
    }
    at = tokenEnd;
    if (!literal(SIGNATURE) || b[end - 2] != '"' || b[end - 1] != '}' || !isPaddedSignature(at)) {
      return null;
    }
    return new MessageHeader(MessageHeader.GROUP_MESSAGE, id, room, from, sent, epoch, List.of());
  }

  private boolean literal(byte[] expected) {
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
  private String text(byte[] next) {
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
  private int plainUntilQuote() {
    for (int i = at; i < end; i++) {
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

  /**
   * Whether {@code b[from, to)} is base64url as {@link FrameFields#isBase64Url(char[], int, int)}
   * accepts it: the alphabet, then at most two '=' that make a multiple of 4.
   */
  private boolean isBase64Url(int from, int to) {
    int chars = to - from;
    int pads = 0;
    while (pads < 2 && chars > 0 && b[from + chars - 1] == '=') {
      chars--;
      pads++;
    }
    if (chars == 0 || chars % 4 == 1 || (pads > 0 && (chars + pads) % 4 != 0)) {
      return false;
    }
    return allBase64(b, from, from + chars, '-', '_');
  }

  /** 86 chars of standard base64 and "==", as {@link MessageScanner#isPaddedSignature}. */
  private boolean isPaddedSignature(int from) {
    return b[from + SIGNATURE_CHARS - 1] == '=' && b[from + SIGNATURE_CHARS - 2] == '='
        && allBase64(b, from, from + SIGNATURE_CHARS - 2, '+', '/');
  }

  /**
   * Whether every byte of {@code b[from, to)} is a letter, a digit, {@code c62} or {@code c63}:
   * eight bytes at a time with no branch, as the token is most of the line.
   */
  private static boolean allBase64(byte[] b, int from, int to, int c62, int c63) {
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

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH = 0x8080808080808080L;
  private static final long ONES = 0x0101010101010101L;

  /** Per byte of {@code x} below 0x80: its high bit set iff the byte is at least {@code c} (no carries). */
  private static long atLeast(long x, int c) { return x + ONES * (0x80 - c); }

  /** The high bit of each byte of {@code x} that is not a base64 letter, digit, {@code c62} or {@code c63}. */
  private static long notBase64(long x, int c62, int c63) {
    long low = x & ~HIGH;
    long in = (atLeast(low, '0') & ~atLeast(low, '9' + 1))
        | (atLeast(low, 'A') & ~atLeast(low, 'Z' + 1))
        | (atLeast(low, 'a') & ~atLeast(low, 'z' + 1))
        | (atLeast(low, c62) & ~atLeast(low, c62 + 1))
        | (atLeast(low, c63) & ~atLeast(low, c63 + 1));
    return (~in | x) & HIGH;
  }

  /** A JSON integer in canonical form (no leading zero, at most 18 digits), negative if allowed. */
  private boolean number(boolean signed) {
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

  private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
