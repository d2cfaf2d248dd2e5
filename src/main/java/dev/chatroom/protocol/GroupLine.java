package dev.chatroom.protocol;

import java.util.List;

/**
 * The fastest path for the commonest stored frame: a canonical {@code group_message} line (see
 * {@link CanonicalLine}) matched on its bytes. It vouches only for lines the
 * {@link MessageScanner} vouches for with the same header, and says "not sure" (null) for every
 * other line, which then goes the parser's way; a streaming parse per frame was a third of the
 * relay's time on small rooms.
 */
final class GroupLine extends CanonicalLine {
  private static final byte[] TYPE_ID = ascii("{\"type\":\"group_message\",\"id\":\"");
  private static final byte[] EPOCH = ascii(",\"epoch\":\"");
  private static final byte[] INDEX = ascii("\",\"index\":");
  private static final byte[] TOKEN = ascii(",\"encrypted_message\":\"");
  private static final byte[] SIGNATURE = ascii("\",\"signature\":\"");

  private GroupLine(byte[] b, int offset, int length) {
    super(b, offset, length);
  }

  /** The header of a canonical, valid group_message line; null for anything else. */
  static MessageHeader scan(byte[] buf, int offset, int length) {
    return new GroupLine(buf, offset, length).read();
  }

  private MessageHeader read() {
    if (!head(TYPE_ID, EPOCH)) {
      return null;
    }
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
    if (!endsWithSignature(SIGNATURE)) {
      return null;
    }
    return new MessageHeader(MessageHeader.GROUP_MESSAGE, id, room, from, sent, epoch, List.of());
  }

  /**
   * Whether {@code b[start, stop)} is base64url as {@link FrameFields#isBase64Url(char[], int, int)}
   * accepts it: the alphabet, then at most two '=' that make a multiple of 4.
   */
  private boolean isBase64Url(int start, int stop) {
    int chars = stop - start;
    int pads = 0;
    while (pads < 2 && chars > 0 && b[start + chars - 1] == '=') {
      chars--;
      pads++;
    }
    if (chars == 0 || chars % 4 == 1 || (pads > 0 && (chars + pads) % 4 != 0)) {
      return false;
    }
    return allBase64(b, start, start + chars, '-', '_');
  }
}
