package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The framer's one-pass read of a line ({@link CanonicalLine#beforeNewline}) against the fast paths' read of the line alone. */
final class BeforeNewline {
  /** The header of the connection's line before: lobby and alice, as Strings of their own. */
  static final MessageHeader PREVIOUS = new MessageHeader("group_message", FrameCodecV2Test.ID,
      new String("lobby".toCharArray()), new String("alice".toCharArray()), 1L, FrameCodecV2Test.EPOCH, List.of());

  private BeforeNewline() {}

  /**
   * The line then a newline and more, inside a larger array that ends at the limit (a read past
   * it throws): read to its newline exactly when a fast path takes the line alone, with the same
   * header; and never without its newline inside the limit.
   */
  static void agrees(byte[] line) {
    MessageHeader group = GroupLine.scan(line, 0, line.length);
    MessageHeader alone = group != null ? group : MessageLine.scan(line, 0, line.length);
    byte[] after = "\n{\"type\":\"ping\"}".getBytes(StandardCharsets.ISO_8859_1);
    byte[] buf = new byte[3 + line.length + after.length];
    System.arraycopy(line, 0, buf, 3, line.length);
    System.arraycopy(after, 0, buf, 3 + line.length, after.length);
    String text = new String(line, StandardCharsets.ISO_8859_1);
    CanonicalLine.Read read = CanonicalLine.beforeNewline(buf, 3, buf.length - 3, PREVIOUS);
    assertEquals(alone, read == null ? null : read.header(), text);
    if (read != null) {
      assertEquals(line.length, read.length(), text);
    }
    assertNull(CanonicalLine.beforeNewline(Arrays.copyOf(buf, 3 + line.length), 3, line.length, null), text);
  }
}
