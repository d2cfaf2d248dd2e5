package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The version 2 signing inputs refuse what would let two frames sign the same bytes. */
class SenderKeySigningInputTest {
  private static final String EPOCH = "00112233445566778899aabbccddeeff";

  @Test
  void groupLinesAreExactlyTheProtocols() {
    byte[] b = SenderKeySigningInput.groupMessage("lobby", "alice", "id", 5, EPOCH, 17, "tok");
    assertEquals("chatroom-v2-group\nlobby\nalice\nid\n5\n" + EPOCH + "\n17\ntok",
        new String(b, StandardCharsets.UTF_8));
  }

  @Test
  void recipientsAreSortedByBytesWhateverTheMapsOrder() {
    SortedMap<String, String> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    keys.put("bob", "B");
    keys.put("Carol", "C");
    keys.put("_dave", "D");
    byte[] b = SenderKeySigningInput.senderKey("lobby", "alice", "id", 5, EPOCH, 0, keys);
    assertEquals("chatroom-v2-sender-key\nlobby\nalice\nid\n5\n" + EPOCH + "\n0\n"
        + "Carol:C\n_dave:D\nbob:B", new String(b, StandardCharsets.UTF_8));
  }

  @Test
  void newlinesColonsAndMissingFieldsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> SenderKeySigningInput.groupMessage("lobby", "alice", "i\nd", 5, EPOCH, 1, "t"));
    assertThrows(IllegalArgumentException.class,
        () -> SenderKeySigningInput.groupMessage("lobby", "alice", "id", 5, null, 1, "t"));
    assertThrows(IllegalArgumentException.class,
        () -> SenderKeySigningInput.groupMessage("lobby", "alice", "id", 5, EPOCH, 1, "t\n"));
    SortedMap<String, String> colon = new TreeMap<>();
    colon.put("bo:b", "B");
    assertThrows(IllegalArgumentException.class,
        () -> SenderKeySigningInput.senderKey("lobby", "alice", "id", 5, EPOCH, 0, colon));
    SortedMap<String, String> newline = new TreeMap<>();
    newline.put("bob", "B\nx");
    assertThrows(IllegalArgumentException.class,
        () -> SenderKeySigningInput.senderKey("lobby", "alice", "id", 5, EPOCH, 0, newline));
  }
}
