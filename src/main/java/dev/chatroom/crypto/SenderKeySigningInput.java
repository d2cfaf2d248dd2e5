package dev.chatroom.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The bytes the version 2 sender-key signatures cover (PROTOCOL.md section 12): the
 * {@code chatroom-v2-sender-key} and {@code chatroom-v2-group} lines, with the same field rules
 * as {@link SigningInput}.
 */
public final class SenderKeySigningInput {
  static final String SENDER_KEY_DOMAIN = "chatroom-v2-sender-key";
  static final String GROUP_DOMAIN = "chatroom-v2-group";

  private SenderKeySigningInput() {}

  /**
   * A {@code sender_key}'s lines joined by {@code \n}, recipients sorted by UTF-8 byte order.
   *
   * @throws IllegalArgumentException if a field is missing or holds a newline (a nick a colon)
   */
  public static byte[] senderKey(String room, String from, String id, long sent, String epoch,
                                 long index, SortedMap<String, String> encryptedKeys) {
    List<String> lines = header(SENDER_KEY_DOMAIN, room, from, id, sent, epoch, index);
    List<Map.Entry<String, String>> recipients = new ArrayList<>(encryptedKeys.entrySet());
    recipients.sort(Map.Entry.comparingByKey(SigningInput.BYTE_ORDER));
    for (Map.Entry<String, String> r : recipients) {
      if (r.getKey() == null || r.getKey().indexOf(':') >= 0) {
        throw new IllegalArgumentException("a recipient nick is missing or contains ':'");
      }
      lines.add(field(r.getKey()) + ":" + field(r.getValue()));
    }
    return join(lines);
  }

  /** A {@code group_message}'s lines joined by {@code \n}, no trailing newline. */
  public static byte[] groupMessage(String room, String from, String id, long sent, String epoch,
                                    long index, String encryptedMessage) {
    List<String> lines = header(GROUP_DOMAIN, room, from, id, sent, epoch, index);
    lines.add(field(encryptedMessage));
    return join(lines);
  }

  private static List<String> header(String domain, String room, String from, String id,
                                     long sent, String epoch, long index) {
    List<String> lines = new ArrayList<>();
    lines.add(domain);
    lines.add(field(room));
    lines.add(field(from));
    lines.add(field(id));
    lines.add(Long.toString(sent));
    lines.add(field(epoch));
    lines.add(Long.toString(index));
    return lines;
  }

  private static byte[] join(List<String> lines) {
    return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
  }

  private static String field(String value) {
    if (value == null || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a signed field is missing or contains a newline");
    }
    return value;
  }
}
