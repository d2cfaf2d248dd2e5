package dev.chatroom.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** The bytes a message signature covers (PROTOCOL.md section 5 step 5). */
public final class SigningInput {
  static final String DOMAIN = "chatroom-v1";

  /** Byte order of the UTF-8 nick, as the protocol says; not String's UTF-16 order. */
  public static final Comparator<String> BYTE_ORDER = (a, b) -> Arrays.compareUnsigned(
      a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private SigningInput() {}

  /**
   * The UTF-8 lines joined by {@code \n}, no trailing newline; recipients re-sorted here so the
   * map's own comparator does not matter.
   *
   * @throws IllegalArgumentException if a field holds a newline (or a nick a colon), which
   *     would make two different messages sign the same bytes
   */
  public static byte[] of(String room, String from, String id, long sent,
                          String encryptedMessage, SortedMap<String, String> encryptedKeys) {
    List<String> lines = new ArrayList<>();
    lines.add(DOMAIN);
    lines.add(field(room));
    lines.add(field(from));
    lines.add(field(id));
    lines.add(Long.toString(sent));
    lines.add(field(encryptedMessage));
    List<Map.Entry<String, String>> recipients = new ArrayList<>(encryptedKeys.entrySet());
    recipients.sort(Map.Entry.comparingByKey(BYTE_ORDER));
    for (Map.Entry<String, String> r : recipients) {
      if (r.getKey().indexOf(':') >= 0) {
        throw new IllegalArgumentException("a recipient nick contains ':'");
      }
      lines.add(field(r.getKey()) + ":" + field(r.getValue()));
    }
    return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
  }

  private static String field(String value) {
    if (value == null || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a signed field is missing or contains a newline");
    }
    return value;
  }
}
