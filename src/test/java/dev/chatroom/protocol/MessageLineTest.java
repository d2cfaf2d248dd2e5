package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser-free path for canonical version 1 message lines never vouches for a line the
 * streaming scanner would not, and when it vouches both read the same header; it takes what the
 * codec writes.
 */
class MessageLineTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String KEY = "S2V5Rm9yQm9i+/0123456789abcdefABCDEF==";

  private static byte[] canonical(String... recipients) {
    TreeMap<String, String> keys = new TreeMap<>();
    for (String r : recipients) {
      keys.put(r, KEY);
    }
    byte[] b = FrameCodec.encode(new Frame.Message(FrameCodecV2Test.ID, "lobby", "alice", 1764130000123L,
        "gAAAAABl-_x0123456789abcdefABCD==", keys, FrameCodecV2Test.SIG));
    return Arrays.copyOf(b, b.length - 1);
  }

  private static byte[] canonical() { return canonical("bob", "carol", "dave"); }

  /** Whenever the fast path answers, the scanner gives the same answer. */
  private static void agrees(byte[] line) {
    MessageHeader fast = MessageLine.scan(line, 0, line.length);
    if (fast != null) {
      assertEquals(MessageScanner.scan(JSON, line, 0, line.length), fast, new String(line, StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void readsWhatTheCodecWrites() {
    for (String[] recipients : new String[][] {{"bob"}, {"bob", "carol", "dave"}, {"a", "b", "c", "d", "e", "f", "g", "h", "i"}}) {
      byte[] line = canonical(recipients);
      MessageHeader h = MessageLine.scan(line, 0, line.length);
      assertNotNull(h, Arrays.toString(recipients));
      assertEquals(new MessageHeader(FrameCodecV2Test.ID, "lobby", "alice", 1764130000123L, List.of(recipients)), h);
      assertEquals(MessageScanner.scan(JSON, line, 0, line.length), h);
    }
  }

  @Test
  void storedHeaderTakesItWithoutTheParserAndAGroupLineIsStillAGroupLine() throws Exception {
    byte[] line = canonical();
    assertEquals(MessageLine.scan(line, 0, line.length),
        FrameCodec.storedHeader(io.vertx.core.buffer.Buffer.buffer(line)));
    assertNull(MessageLine.scan("{\"type\":\"group_message\"}".getBytes(StandardCharsets.US_ASCII), 0, 24));
  }

  static IntStream positions() { return IntStream.range(0, canonical().length); }

  /** Every byte replaced by characters that matter to JSON and to the field rules, removed, or the line cut there. */
  @ParameterizedTest
  @MethodSource("positions")
  void aChangedByteIsNeverVouchedForWrongly(int position) {
    LineMutations.at(canonical(), position).forEach(MessageLineTest::agrees);
    assertNull(MessageLine.scan(LineMutations.notAscii(canonical(), position), 0, canonical().length));
  }


  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,\"encrypted_message\":\"\",\"encrypted_keys\":{\"bob\":\"k\"},\"signature\":\"%s\"}",
      "{\"type\":\"message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,\"encrypted_message\":\"t\",\"encrypted_keys\":{},\"signature\":\"%s\"}",
      "{\"type\":\"message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,\"encrypted_message\":\"t\",\"encrypted_keys\":{\"bob\":\"\"},\"signature\":\"%s\"}",
      "{\"type\":\"message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,\"encrypted_message\":\"t\",\"encrypted_keys\":{\"carol\":\"k\",\"bob\":\"k\"},\"signature\":\"%s\"}",
      "{\"type\":\"message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,\"encrypted_message\":\"t\",\"encrypted_keys\":{\"bob\":\"k\",\"bob\":\"k\"},\"signature\":\"%s\"}",
      "{\"type\":\"message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,\"encrypted_message\":\"t\",\"encrypted_keys\":{\"bob\":\"k\",},\"signature\":\"%s\"}",
      "{\"type\":\"message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,\"encrypted_message\":\"t\",\"encrypted_keys\":{\"b\\u006fb\":\"k\"},\"signature\":\"%s\"}",
      "{\"type\":\"message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,\"encrypted_message\":\"t\\n\",\"encrypted_keys\":{\"bob\":\"k\"},\"signature\":\"%s\"}",
      "{\"type\":\"message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":-0,\"encrypted_message\":\"t\",\"encrypted_keys\":{\"bob\":\"k\"},\"signature\":\"%s\"}",
      "{\"type\":\"message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,\"encrypted_message\":\"t\",\"encrypted_keys\":{\"bob\":\"k\"},\"signature\":\"%s\"} ",
      "{\"type\":\"message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,\"encrypted_message\":\"t\",\"encrypted_keys\":{\"bob\":\"k\"},\"signature\":\"%s\",\"x\":1}",
      "{\"type\":\"message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,\"encrypted_message\":\"t\",\"encrypted_keys\":{\"bob\":\"k\"},\"signature\":\"%s\"}"})
  void oddButPlausibleLinesAgree(String template) {
    agrees(String.format(template, FrameCodecV2Test.ID, FrameCodecV2Test.SIG).getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void anEmptyTokenOrNoRecipientIsNotVouchedFor() {
    for (String keys : new String[] {"{}", "{\"bob\":\"k\"}"}) {
      String token = keys.equals("{}") ? "t" : "";
      byte[] line = String.format("{\"type\":\"message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,"
          + "\"encrypted_message\":\"%s\",\"encrypted_keys\":%s,\"signature\":\"%s\"}",
          FrameCodecV2Test.ID, token, keys, FrameCodecV2Test.SIG).getBytes(StandardCharsets.ISO_8859_1);
      assertNull(MessageLine.scan(line, 0, line.length), keys);
    }
  }

  static IntStream seeds() { return IntStream.range(0, 300); }

  /** Random recipients, keys and tokens of printable bytes, quotes and backslashes among them. */
  @ParameterizedTest
  @MethodSource("seeds")
  void randomLinesAgree(int seed) {
    Random random = new Random(seed);
    String alphabet = "abz09_-\"\\/+= ~";
    StringBuilder keys = new StringBuilder("{");
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      keys.append(i > 0 ? "," : "").append('"').append(randomText(random, "bcdxy\"", 1 + random.nextInt(3)))
          .append("\":\"").append(randomText(random, alphabet, random.nextInt(20))).append('"');
    }
    keys.append('}');
    byte[] line = String.format("{\"type\":\"message\",\"id\":\"%s\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":5,"
        + "\"encrypted_message\":\"%s\",\"encrypted_keys\":%s,\"signature\":\"%s\"}",
        FrameCodecV2Test.ID, randomText(random, alphabet, random.nextInt(30)), keys, FrameCodecV2Test.SIG)
        .getBytes(StandardCharsets.ISO_8859_1);
    agrees(line);
  }

  private static String randomText(Random random, String alphabet, int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }
}
