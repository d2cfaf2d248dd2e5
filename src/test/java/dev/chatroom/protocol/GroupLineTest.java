package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser-free path for canonical group_message lines never vouches for a line the streaming
 * scanner would not, and when it vouches both read the same header; it takes what the codec writes.
 */
class GroupLineTest {
  private static final JsonFactory JSON = new JsonFactory();

  private static byte[] canonical() {
    byte[] b = FrameCodec.encode(new Frame.GroupMessage(FrameCodecV2Test.ID, "lobby", "alice", 1764130000123L,
        FrameCodecV2Test.EPOCH, 17, "gAAAAABl-_x0123456789abcdefABCD", FrameCodecV2Test.SIG));
    return Arrays.copyOf(b, b.length - 1);
  }

  /** Whenever the fast path answers, the scanner gives the same answer. */
  private static void agrees(byte[] line) {
    MessageHeader fast = GroupLine.scan(line, 0, line.length);
    if (fast != null) {
      assertEquals(MessageScanner.scan(JSON, line, 0, line.length), fast, new String(line, StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void readsWhatTheCodecWrites() {
    byte[] line = canonical();
    MessageHeader h = GroupLine.scan(line, 0, line.length);
    assertNotNull(h);
    assertEquals(new MessageHeader("group_message", FrameCodecV2Test.ID, "lobby", "alice", 1764130000123L,
        FrameCodecV2Test.EPOCH, List.of()), h);
    assertEquals(MessageScanner.scan(JSON, line, 0, line.length), h);
  }

  @Test
  void readsItInsideALargerBuffer() {
    byte[] line = canonical();
    byte[] framed = new byte[line.length + 10];
    System.arraycopy(line, 0, framed, 5, line.length);
    assertEquals(GroupLine.scan(line, 0, line.length), GroupLine.scan(framed, 5, line.length));
  }

  static IntStream positions() { return IntStream.range(0, canonical().length); }

  /** Every byte replaced by characters that matter to JSON and to the field rules. */
  @ParameterizedTest
  @MethodSource("positions")
  void aChangedByteIsNeverVouchedForWrongly(int position) {
    LineMutations.at(canonical(), position).forEach(GroupLineTest::agrees);
    assertNull(GroupLine.scan(LineMutations.notAscii(canonical(), position), 0, canonical().length));
  }


  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"group_message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":-5,\"epoch\":\"%s\",\"index\":0,\"encrypted_message\":\"gAAA\",\"signature\":\"%s\"}",
      "{\"type\":\"group_message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":0,\"epoch\":\"%s\",\"index\":999999999999999999,\"encrypted_message\":\"g\",\"signature\":\"%s\"}",
      "{\"type\":\"group_message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":007,\"epoch\":\"%s\",\"index\":0,\"encrypted_message\":\"gAAA\",\"signature\":\"%s\"}",
      "{\"type\":\"group_message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"al\\u0069ce\",\"sent\":5,\"epoch\":\"%s\",\"index\":0,\"encrypted_message\":\"gAAA\",\"signature\":\"%s\"}",
      "{\"type\":\"group_message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,\"epoch\":\"%s\",\"index\":0,\"encrypted_message\":\"gAAA\",\"signature\":\"%s\"} ",
      "{\"type\":\"group_message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,\"epoch\":\"%s\",\"index\":0,\"encrypted_message\":\"gAAA\",\"signature\":\"%s\",\"x\":1}",
      "{\"type\":\"group_message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,\"epoch\":\"%s\",\"index\":0,\"encrypted_message\":\"gAAA=\",\"signature\":\"%s\"}",
      "{\"type\":\"group_message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":12345678901234567890,\"epoch\":\"%s\",\"index\":0,\"encrypted_message\":\"gAAA\",\"signature\":\"%s\"}"})
  void oddButPlausibleLinesAgree(String template) {
    agrees(String.format(template, FrameCodecV2Test.ID, FrameCodecV2Test.EPOCH, FrameCodecV2Test.SIG)
        .getBytes(StandardCharsets.ISO_8859_1));
  }

  static IntStream seeds() { return IntStream.range(0, 200); }

  /** Random tokens of every length and alphabet mix: vouched for exactly when the token is base64url. */
  @ParameterizedTest
  @MethodSource("seeds")
  void takesATokenExactlyWhenItIsBase64Url(int seed) {
    Random random = new Random(seed);
    String alphabet = "AZaz09-_=+/.";
    char[] token = new char[1 + random.nextInt(30)];
    for (int i = 0; i < token.length; i++) {
      token[i] = random.nextInt(6) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : "gAx09_-".charAt(random.nextInt(7));
    }
    byte[] line = String.format("{\"type\":\"group_message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,"
        + "\"epoch\":\"%s\",\"index\":0,\"encrypted_message\":\"%s\",\"signature\":\"%s\"}",
        FrameCodecV2Test.ID, FrameCodecV2Test.EPOCH, new String(token), FrameCodecV2Test.SIG).getBytes(StandardCharsets.ISO_8859_1);
    agrees(line);
    assertEquals(FrameFields.isBase64Url(token, 0, token.length), GroupLine.scan(line, 0, line.length) != null, new String(token));
  }

  /** Every byte value at every place of a token, in its eight-at-once part and in its tail: as the reference decides. */
  @ParameterizedTest
  @ValueSource(ints = {16, 43})
  void everyByteAtEveryPlaceOfATokenAgreesWithTheReference(int length) {
    for (int place = 0; place < length; place++) {
      for (int v = 0; v < 256; v++) {
        char[] token = "gAAAAABpQ2xlYW5fdG9rZW4tdGVzdF9kYXRhXzAxMjM0NTY3".substring(0, length).toCharArray();
        token[place] = (char) v;
        byte[] line = String.format("{\"type\":\"group_message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,"
            + "\"epoch\":\"%s\",\"index\":0,\"encrypted_message\":\"%s\",\"signature\":\"%s\"}",
            FrameCodecV2Test.ID, FrameCodecV2Test.EPOCH, new String(token), FrameCodecV2Test.SIG).getBytes(StandardCharsets.ISO_8859_1);
        int at = place;
        int value = v;
        assertEquals(FrameFields.isBase64Url(token, 0, token.length), GroupLine.scan(line, 0, line.length) != null,
            () -> "byte " + value + " at " + at);
      }
    }
  }

  /** Every byte value at every place of the signature: as the scanner's own check decides. */
  @Test
  void everyByteAtEveryPlaceOfTheSignatureAgreesWithTheReference() {
    for (int place = 0; place < FrameCodecV2Test.SIG.length(); place++) {
      for (int v = 0; v < 256; v++) {
        char[] signature = "AZaz09+/".repeat(11).substring(0, 86).concat("==").toCharArray();
        signature[place] = (char) v;
        byte[] line = String.format("{\"type\":\"group_message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,"
            + "\"epoch\":\"%s\",\"index\":0,\"encrypted_message\":\"gAAA\",\"signature\":\"%s\"}",
            FrameCodecV2Test.ID, FrameCodecV2Test.EPOCH, new String(signature)).getBytes(StandardCharsets.ISO_8859_1);
        int at = place;
        int value = v;
        assertEquals(MessageScanner.isPaddedSignature(signature, 0, signature.length), GroupLine.scan(line, 0, line.length) != null,
            () -> "byte " + value + " at " + at);
      }
    }
  }
}
