package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MessageScannerTest {
  private static MessageHeader scan(String json) {
    return FrameCodec.messageHeader(Buffer.buffer(json));
  }

  @Test
  void aPlainValidMessageTakesTheFastPath() {
    String json = FrameCodecTest.message("").replace("{\"bob\":\"AAAA\"}", "{\"zed\":\"A\",\"Bob\":\"B\",\"amy\":\"C\"}");
    MessageHeader h = scan(json);
    assertEquals(new MessageHeader(FrameCodecTest.ID, "lobby", "alice", 1764130000123L, List.of("Bob", "amy", "zed")), h);
  }

  /** Each of these is valid or invalid for the full decoder to judge; the fast path steps aside. */
  @ParameterizedTest
  @ValueSource(strings = {
      ",\"x-future\":1", // unknown field
      ",\"encrypted_keys\":{\"bob\":\"A\",\"bob\":\"B\"}", // repeated recipient
      ",\"id\":\"nope\"", ",\"sent\":1.5", ",\"sent\":123456789012345678901234567890", ",\"from\":\"a b\"",
      ",\"room\":\"\"", ",\"encrypted_message\":\"\"", ",\"encrypted_keys\":{}", ",\"encrypted_keys\":{\"bob\":1}",
      ",\"signature\":\"AAAA\"", ",\"type\":\"ping\""})
  void anythingUnusualIsLeftToTheFullDecoder(String override) {
    String json = FrameCodecTest.message("");
    // overriding a field repeats it, which alone sends the frame down the full path
    assertNull(scan(json.substring(0, json.length() - 1) + override + "}"));
  }

  @Test
  void invalidUtf8InsideTheTokenIsNotVouchedFor() {
    byte[] good = FrameCodecTest.message("").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String text = new String(good, java.nio.charset.StandardCharsets.UTF_8);
    int at = text.indexOf("gAAAAA") + 2;
    good[at] = (byte) 0xC3; // a lead byte followed by an ASCII letter
    assertNull(FrameCodec.messageHeader(Buffer.buffer(good)));
  }

  @Test
  void trailingContentIsNotVouchedFor() {
    assertNull(scan(FrameCodecTest.message("") + " x"));
    assertNull(scan(FrameCodecTest.message("") + "{}"));
  }
}
