package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The relay's hand-written version 2 ack is byte for byte what the codec writes, and decodes back. */
class AckLineTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of(FrameCodecV2Test.ID, "lobby", 1L, List.of()),
        Arguments.of(FrameCodecV2Test.ID, "bench-run_7", Long.MAX_VALUE, List.of("bob")),
        Arguments.of(FrameCodecV2Test.ID, "a", 0L, List.of("bob", "carol", "m999-x")));
  }

  static Stream<Arguments> acks() {
    return Stream.concat(valid(), Stream.of(
        // text JSON escapes: the codec's path, same bytes
        Arguments.of("id\"with\\quote", "lobby", 42L, List.of("b\u00f6b", "tab\there", "\u2028")),
        Arguments.of("", "lobby", 3L, List.of(""))));
  }

  @ParameterizedTest
  @MethodSource("acks")
  void writesExactlyTheCodecsBytes(String id, String room, long seq, List<String> missing) {
    Frame.Ack ack = new Frame.Ack(id, missing, room, seq);
    assertArrayEquals(FrameCodec.encode(ack), AckLine.encode(id, room, seq, missing));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void decodesToTheSameAck(String id, String room, long seq, List<String> missing) throws ProtocolException {
    byte[] line = AckLine.encode(id, room, seq, missing);
    assertEquals(new Frame.Ack(id, missing, room, seq), FrameCodec.decode(java.util.Arrays.copyOf(line, line.length - 1)));
  }
}
