package dev.chatroom.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The fast path for a version 1 {@code message} line as {@link FrameCodec#encode} writes it (see
 * {@link CanonicalLine}): matched on its bytes, the token and each wrapped key only checked to be
 * plain strings, the recipients to be valid nicks in strictly ascending order. It vouches only
 * for lines the {@link MessageScanner} vouches for with the same header, and says "not sure"
 * (null) for every other line; a streaming parse was over half of a room-10 relay's time.
 */
final class MessageLine extends CanonicalLine {
  private static final byte[] TYPE_ID = ascii("{\"type\":\"message\",\"id\":\"");
  private static final byte[] TOKEN = ascii(",\"encrypted_message\":\"");
  private static final byte[] KEYS = ascii("\",\"encrypted_keys\":{");
  private static final byte[] KEY_VALUE = ascii("\":\"");
  private static final byte[] SIGNATURE = ascii(",\"signature\":\"");

  private MessageLine(byte[] b, int offset, int length) {
    super(b, offset, length);
  }

  /** The header of a canonical, valid message line; null for anything else. */
  static MessageHeader scan(byte[] buf, int offset, int length) {
    return new MessageLine(buf, offset, length).read();
  }

  private MessageHeader read() {
    if (!head(TYPE_ID, TOKEN)) {
      return null;
    }
    int tokenEnd = plainUntilQuote();
    if (tokenEnd <= at) { // not plain, or empty
      return null;
    }
    at = tokenEnd;
    List<String> recipients = literal(KEYS) ? recipients() : null;
    if (recipients == null || !endsWithSignature(SIGNATURE)) {
      return null;
    }
    return new MessageHeader(id, room, from, sent, recipients);
  }

  /** {@code "nick":"key",...}} up to its closing brace: at least one, nicks valid and ascending. */
  private List<String> recipients() {
    List<String> nicks = new ArrayList<>();
    String previous = null;
    do {
      if (at >= end || b[at++] != '"') {
        return null;
      }
      String nick = text(KEY_VALUE);
      if (nick == null || !Names.isValidNick(nick) || (previous != null && previous.compareTo(nick) >= 0)) {
        return null;
      }
      int keyEnd = plainUntilQuote(); // a wrapped key may be any string: plain is enough here
      if (keyEnd < 0 || keyEnd + 1 >= end) {
        return null;
      }
      at = keyEnd + 2;
      nicks.add(nick);
      previous = nick;
    } while (b[at - 1] == ',');
    return b[at - 1] == '}' ? nicks : null;
  }
}
