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

  GroupLine(byte[] b, int offset, int limit, MessageHeader previous) {
    super(b, offset, limit, previous);
  }

  /** The header of a canonical, valid group_message line; null for anything else. */
  static MessageHeader scan(byte[] buf, int offset, int length) {
    return new GroupLine(buf, offset, length, null).readWhole();
  }

  @Override
  MessageHeader read() {
    if (!head(TYPE_ID, EPOCH)) {
      return null;
    }
    String epoch = text(INDEX);
    if (epoch == null || !MessageScanner.isEpoch(epoch) || !number(false) || !literal(TOKEN)) {
      return null;
    }
    // the token runs to its first byte outside base64url (the signature's opening quote), then its padding
    int run = base64Run(b, at, end, '-', '_');
    int tokenEnd = run;
    while (tokenEnd < end && tokenEnd - run < 2 && b[tokenEnd] == '=') {
      tokenEnd++;
    }
    if (!isBase64UrlLength(run - at, tokenEnd - run)) {
      return null;
    }
    at = tokenEnd;
    if (!signatureThenBrace(SIGNATURE)) {
      return null;
    }
    return new MessageHeader(MessageHeader.GROUP_MESSAGE, id, room, from, sent, epoch, List.of());
  }

  /**
   * Whether {@code chars} base64url characters then {@code pads} '=' (at most two) are a token
   * as {@link FrameFields#isBase64Url(char[], int, int)} accepts it: no lone last character, and
   * padding only to a multiple of 4.
   */
  private static boolean isBase64UrlLength(int chars, int pads) {
    return chars > 0 && chars % 4 != 1 && (pads == 0 || (chars + pads) % 4 == 0);
  }
}
