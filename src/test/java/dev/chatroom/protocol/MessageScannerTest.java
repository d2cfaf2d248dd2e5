package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The relay's fast path decides on its own: a valid message yields its header; anything it does not
 * vouch for yields null, so the full decoder judges it. Each case changes one field in place (never
 * by repeating it, which would only test the duplicate check).
 */
class MessageScannerTest {
  private static final String ID = FrameCodecTest.ID;

  /** The fields of a valid message, in wire order, as raw JSON values. */
  private static Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("type", "\"message\"");
    f.put("id", "\"" + ID + "\"");
    f.put("room", "\"lobby\"");
    f.put("from", "\"alice\"");
    f.put("sent", "1764130000123");
    f.put("encrypted_message", "\"gAAAAA\"");
    f.put("encrypted_keys", "{\"bob\":\"AAAA\"}");
    f.put("signature", "\"" + FrameCodecTest.SIG + "\"");
    return f;
  }

  private static String json(Map<String, String> f) {
    return f.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }

  /** A valid message with {@code field} set to the raw JSON {@code value}, or removed when value is "-". */
  private static String with(String field, String value) {
    Map<String, String> f = fields();
    if (value.equals("-")) {
      assertNotNull(f.remove(field), field);
    } else {
      f.put(field, value);
    }
    return json(f);
  }

  private static MessageHeader scan(String json) {
    return FrameCodec.messageHeader(Buffer.buffer(json));
  }

  @Test
  void aValidMessageYieldsItsHeaderWithRecipientsSorted() {
    MessageHeader h = scan(with("encrypted_keys", "{\"zed\":\"A\",\"Bob\":\"B\",\"amy\":\"C\"}"));
    assertEquals(new MessageHeader(ID, "lobby", "alice", 1764130000123L, List.of("Bob", "amy", "zed")), h);
  }

  @Test
  void fieldOrderAndWhitespaceDoNotMatter() throws ProtocolException {
    Map<String, String> reversed = new LinkedHashMap<>();
    List<Map.Entry<String, String>> entries = List.copyOf(fields().entrySet());
    for (int i = entries.size() - 1; i >= 0; i--) {
      reversed.put(entries.get(i).getKey(), entries.get(i).getValue());
    }
    String json = json(reversed).replace(",", " ,\n ").replace(":", " : ");
    MessageHeader h = scan(json);
    assertEquals(new MessageHeader(ID, "lobby", "alice", 1764130000123L, List.of("bob")), h);
    assertEquals(h, MessageHeader.of(assertInstanceOf(Frame.Message.class, FrameCodecTest.decode(json))),
        "the fast path and the full decoder agree");
  }

  @Test
  void theHeaderAgreesWithTheFullDecoder() throws ProtocolException {
    String json = with("encrypted_keys", "{\"carol\":\"Yw==\",\"bob\":\"Yg==\"}");
    Frame.Message full = assertInstanceOf(Frame.Message.class, FrameCodecTest.decode(json));
    assertEquals(MessageHeader.of(full), scan(json));
  }

  /** Valid or not, each of these is for the full decoder to judge: the scanner steps aside. */
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "type | \"ping\"", "type | 1", "type | -",
      "id | \"nope\"", "id | 7", "id | -",
      "room | \"\"", "room | \"a room\"", "room | null", "room | -",
      "from | \"a b\"", "from | \"\"", "from | -",
      "sent | 1.5", "sent | 123456789012345678901234567890", "sent | \"1764130000123\"", "sent | -",
      "encrypted_message | \"\"", "encrypted_message | ` \"\"`", "encrypted_message | 5", "encrypted_message | -",
      "encrypted_keys | {}", "encrypted_keys | `{\"bob\":1}`", "encrypted_keys | `{\"a b\":\"A\"}`",
      "encrypted_keys | `{\"bob\":\"A\",\"bob\":\"B\"}`", "encrypted_keys | `[\"bob\"]`", "encrypted_keys | -",
      "signature | \"AAAA\"", "signature | \"not base64!\"", "signature | -",
      "x-future | 1"})
  void anUnusualFieldIsLeftToTheFullDecoder(String field, String value) {
    String json = with(field, value);
    assertNotNull(json);
    assertNull(scan(json), json);
  }

  @Test
  void aRepeatedFieldIsLeftToTheFullDecoder() {
    String json = json(fields());
    assertNull(scan(json.substring(0, json.length() - 1) + ",\"room\":\"lobby\"}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"message\"", "null", "", "{", "{\"type\":\"message\""})
  void somethingOtherThanOneObjectIsLeftToTheFullDecoder(String json) {
    assertNull(scan(json));
  }

  @Test
  void invalidUtf8InsideTheTokenIsNotVouchedFor() {
    byte[] bytes = json(fields()).getBytes(StandardCharsets.UTF_8);
    int at = new String(bytes, StandardCharsets.UTF_8).indexOf("gAAAAA") + 2;
    bytes[at] = (byte) 0xC3; // a lead byte followed by an ASCII letter
    assertNull(FrameCodec.messageHeader(Buffer.buffer(bytes)));
  }

  @Test
  void trailingContentIsNotVouchedFor() {
    assertNull(scan(json(fields()) + " x"));
    assertNull(scan(json(fields()) + "{}"));
  }

  /**
   * The wrapped keys of an ASCII message are skipped, not decoded: the fast path must still agree
   * with the full decoder on every escape and control character inside them, and on UTF-8 in a
   * line that is not ASCII. Each value is a raw JSON string body for bob's wrapped key.
   */
  @ParameterizedTest(name = "[{index}] key {0}")
  @ValueSource(strings = {"AAAA", "", "a\\\"b", "a\\\\b", "\\u0041", "\\u0000", "\\ud800", "\\udfff\\ud800",
      "\\n\\t\\/\\b\\f\\r", "\\x", "\\u12", "\\u12g4", "\\", "a\u0001b", "a\tb", "a\u001fb", "a\u007fb",
      "caf\u00e9", "\u20ac\ud83d\ude00"})
  void aSkippedWrappedKeyIsJudgedAsTheFullDecoderJudgesIt(String key) {
    assertAgreement(with("encrypted_keys", "{\"bob\":\"" + key + "\",\"carol\":\"Yw==\"}").getBytes(StandardCharsets.UTF_8));
    assertAgreement(with("encrypted_message", "\"" + key + "\"").getBytes(StandardCharsets.UTF_8)); // the token is skipped too
  }

  /** A line is a slice of a larger read: the skipped token's emptiness is read at the slice's own offset. */
  @ParameterizedTest(name = "token {0}")
  @ValueSource(strings = {"\"\"", "\"gAAAAA\"", "\"\\\"\"", " \"\""})
  void aSliceOfALargerReadIsScannedInPlace(String token) {
    String json = with("encrypted_message", token);
    byte[] read = ("{\"type\":\"ping\"}\n" + json + "\n\"\"\"").getBytes(StandardCharsets.US_ASCII);
    int start = read.length - json.length() - 4;
    Buffer line = Buffer.buffer(read).slice(start, start + json.length());
    assertEquals(json, line.toString());
    assertEquals(FrameCodec.messageHeader(Buffer.buffer(json)), FrameCodec.messageHeader(line));
    assertEquals(token.contains("gAAA") || token.contains("\\"), FrameCodec.messageHeader(line) != null, json);
  }

  @ParameterizedTest(name = "byte {0}")
  @ValueSource(ints = {0x80, 0xC3, 0xE2, 0xED, 0xF0, 0xFF})
  void aNonUtf8ByteInAWrappedKeyIsNeverVouchedFor(int b) {
    byte[] bytes = with("encrypted_keys", "{\"bob\":\"AAQA\"}").getBytes(StandardCharsets.UTF_8);
    bytes[new String(bytes, StandardCharsets.US_ASCII).indexOf("AAQA") + 2] = (byte) b;
    assertNull(FrameCodec.messageHeader(Buffer.buffer(bytes)));
    assertAgreement(bytes);
  }

  @Test
  void aRoomOfAHundredYieldsEveryRecipient() throws ProtocolException {
    StringBuilder keys = new StringBuilder("{");
    for (int i = 99; i >= 0; i--) {
      keys.append(i < 99 ? "," : "").append("\"m").append(i).append("\":\"").append("QUFB".repeat(128)).append('"');
    }
    String json = with("encrypted_keys", keys.append('}').toString());
    MessageHeader h = scan(json);
    assertEquals(100, h.recipients().size());
    assertEquals(MessageHeader.of(assertInstanceOf(Frame.Message.class, FrameCodecTest.decode(json))), h);
  }

  /** The fast path vouches exactly when the full decoder accepts, and then reads the same header. */
  private static void assertAgreement(byte[] bytes) {
    MessageHeader fast = FrameCodec.messageHeader(Buffer.buffer(bytes));
    Frame full;
    try {
      full = FrameCodec.decode(bytes);
    } catch (ProtocolException e) {
      assertNull(fast, "vouched for a frame the decoder refuses: " + e.getMessage());
      return;
    }
    if (fast != null) {
      assertEquals(MessageHeader.ofStored(full), fast);
    }
  }

  @Test
  void asciiIsCheckedEightBytesAtATimeAndInTheTail() {
    byte[] a = "0123456789abcdefXYZ".getBytes(StandardCharsets.US_ASCII);
    assertTrue(MessageScanner.isAscii(a, 0, a.length));
    for (int i = 0; i < a.length; i++) {
      byte[] b = a.clone();
      b[i] = (byte) 0x80;
      assertFalse(MessageScanner.isAscii(b, 0, b.length), "at " + i);
      assertTrue(MessageScanner.isAscii(b, i + 1, b.length - i - 1), "after " + i);
    }
  }
}
