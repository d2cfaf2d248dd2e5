package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The relay's wrap of a stored line into a {@code delivery}, and the client's decode of it. */
class DeliveriesTest {

  static Buffer line(Frame frame) {
    byte[] b = FrameCodec.encode(frame);
    return Buffer.buffer(Arrays.copyOf(b, b.length - 1));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 9, 10, 1042, 999_999_999_999L, Long.MAX_VALUE})
  void theHeadIsTheDeliveryUpToItsFrame(long seq) {
    for (String room : List.of("a", "ops-2_X", "r".repeat(64))) {
      assertEquals("{\"type\":\"delivery\",\"room\":\"" + room + "\",\"seq\":" + seq + ",\"frame\":",
          Deliveries.head(room, seq).toString(StandardCharsets.US_ASCII));
    }
  }

  @Test
  void aWrappedCanonicalLineIsExactlyTheEncodedDelivery() {
    for (Frame inner : List.of(
        new Frame.Message(FrameCodecV2Test.ID, "lobby", "alice", 5L, "gAAA", FrameCodecV2Test.keys("bob", "Yg=="), FrameCodecV2Test.SIG),
        new Frame.GroupMessage(FrameCodecV2Test.ID, "lobby", "alice", 5L, FrameCodecV2Test.EPOCH, 3, "gAAA", FrameCodecV2Test.SIG),
        new Frame.SenderKey(FrameCodecV2Test.ID, "lobby", "alice", 5L, FrameCodecV2Test.EPOCH, 0,
            FrameCodecV2Test.keys("bob", "Yg=="), FrameCodecV2Test.SIG))) {
      Buffer wrapped = Deliveries.wrap("lobby", 1042, line(inner));
      assertEquals(FrameCodec.encodeToString(new Frame.Delivery("lobby", 1042, inner)), wrapped.toString(StandardCharsets.UTF_8));
    }
  }

  /** The sender's own bytes go out untouched, whatever their field order, spacing or escapes. */
  @ParameterizedTest
  @ValueSource(strings = {
      "{\"signature\":\"%s\",\"type\":\"group_message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,"
          + "\"epoch\":\"%s\",\"index\":3,\"encrypted_message\":\"gAAA\",\"future\":{\"x\":[1,2]}}",
      " { \"type\" : \"group_message\" , \"id\":\"%2$s\",\"room\":\"lobby\",\"from\":\"\\u0061lice\",\"sent\":5,"
          + "\"epoch\":\"%3$s\",\"index\":3,\"encrypted_message\":\"gAAA\",\"signature\":\"%1$s\" }\r"})
  void theInnerBytesAreForwardedVerbatimAndDecodeToTheSenderFrame(String template) throws ProtocolException {
    String innerText = String.format(template, FrameCodecV2Test.SIG, FrameCodecV2Test.ID, FrameCodecV2Test.EPOCH);
    Buffer inner = Buffer.buffer(innerText);
    Buffer wrapped = Deliveries.wrap("lobby", 7, inner);
    String text = wrapped.toString(StandardCharsets.UTF_8);
    assertEquals("{\"type\":\"delivery\",\"room\":\"lobby\",\"seq\":7,\"frame\":" + innerText + "}\n", text);
    Frame.Delivery d = (Frame.Delivery) FrameCodec.decode(wrapped.slice(0, wrapped.length() - 1));
    assertEquals(new Frame.Delivery("lobby", 7, FrameCodec.decode(inner)), d);
  }

  @Test
  void theInnerBytesAreNotCopied() {
    byte[] raw = FrameCodec.encode(new Frame.GroupMessage(FrameCodecV2Test.ID, "lobby", "alice", 5L,
        FrameCodecV2Test.EPOCH, 3, "gAAA", FrameCodecV2Test.SIG));
    Buffer stored = Buffer.buffer(raw);
    Buffer inner = stored.slice(0, raw.length - 1);
    Buffer wrapped = Deliveries.wrap("lobby", 1, inner);
    int at = wrapped.toString(StandardCharsets.UTF_8).indexOf("gAAA");
    stored.setByte(inner.toString(StandardCharsets.UTF_8).indexOf("gAAA"), (byte) 'X');
    assertEquals('X', wrapped.getByte(at), "the delivery reads the stored line's own bytes");
  }

  @Test
  void wrapRefusesWhatWouldBreakTheLine() {
    Buffer ok = line(new Frame.Ping());
    assertThrows(IllegalArgumentException.class, () -> Deliveries.wrap("lo\"bby", 1, ok));
    assertThrows(IllegalArgumentException.class, () -> Deliveries.wrap("lobby", -1, ok));
    assertThrows(IllegalArgumentException.class, () -> Deliveries.wrap("lobby", 1, Buffer.buffer()));
    assertThrows(IllegalArgumentException.class, () -> Deliveries.wrap("lobby", 1, Buffer.buffer("{\"type\":\"ping\"}\n")));
  }
}
