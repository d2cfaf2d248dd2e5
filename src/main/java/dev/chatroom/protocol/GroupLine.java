package dev.chatroom.protocol;

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
    int tokenEnd = base64UrlUntilQuote();
    if (tokenEnd < 0) {
      return null;
    }
    at = tokenEnd;
    if (!literal(SIGNATURE)) {
      return null;
    }
    int sigAt = at;
    // the signature, its closing quote and brace end the line
    if (end - sigAt != SIGNATURE_CHARS + 2 || b[end - 2] != '"' || b[end - 1] != '}'
        || !isPaddedSignature(sigAt)) {
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
   * The index of the token's closing quote if the token is base64url as
   * {@link FrameFields#isBase64Url(char[], int, int)} accepts it (one pass, finding the quote
   * and checking the alphabet at once), else -1.
   */
  private int base64UrlUntilQuote() {
    int i = at;
    while (i < end && b[i] >= 0 && URL_CHAR[b[i]]) {
      i++;
    }
    int chars = i - at;
    int pads = 0;
    while (i < end && b[i] == '=' && pads < 2) {
      i++;
      pads++;
    }
    boolean lengthOk = chars > 0 && chars % 4 != 1 && (pads == 0 || (chars + pads) % 4 == 0);
    return i < end && b[i] == '"' && lengthOk ? i : -1;
  }

  /** The base64url alphabet (no padding), by ASCII code. */
  private static final boolean[] URL_CHAR = new boolean[128];

  static {
    for (int c = 0; c < 128; c++) {
      URL_CHAR[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
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

  /** 86 chars of standard base64 and "==", as {@link MessageScanner#isPaddedSignature}. */
  private boolean isPaddedSignature(int from) {
    if (b[from + SIGNATURE_CHARS - 1] != '=' || b[from + SIGNATURE_CHARS - 2] != '=') {
      return false;
    }
    for (int i = from; i < from + SIGNATURE_CHARS - 2; i++) {
      byte c = b[i];
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
