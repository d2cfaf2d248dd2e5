package dev.chatroom.protocol;

import static dev.chatroom.protocol.FrameCodecV2Test.EPOCH;
import static dev.chatroom.protocol.FrameCodecV2Test.ID;
import static dev.chatroom.protocol.FrameCodecV2Test.SIG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The fast path for {@code group_message} and {@code sender_key}: a valid frame yields the header
 * the full decoder reads; anything else, hostile or merely unusual, yields null so the full
 * decoder answers with its exact error. Every case checks both sides.
 */
class StoredFrameScannerTest {
  private static final String GROUP_HEAD = "{\"type\":\"group_message\",\"id\":\"" + ID
      + "\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":1764130000123,\"epoch\":\"" + EPOCH + "\",\"index\":17,";
  private static final String KEY_HEAD = "{\"type\":\"sender_key\",\"id\":\"" + ID
      + "\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":1764130000123,\"epoch\":\"" + EPOCH + "\",\"index\":17,";
  private static final String TAIL = ",\"signature\":\"" + SIG + "\"}";

  private static MessageHeader scan(String json) {
    return FrameCodec.storedHeader(Buffer.buffer(json));
  }

  /** The scanner's answer, checked against the full decoder: equal when it vouches. */
  private static MessageHeader agreed(String json) {
    MessageHeader fast = scan(json);
    if (fast != null) {
      Frame full = assertDoesDecode(json);
      assertEquals(MessageHeader.ofStored(full), fast, "the fast path and the full decoder disagree on " + json);
    }
    return fast;
  }

  private static Frame assertDoesDecode(String json) {
    try {
      return FrameCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    } catch (ProtocolException e) {
      throw new AssertionError("the fast path vouched for a frame the decoder refuses (" + e.code() + "): " + json, e);
    }
  }

  @Test
  void aValidGroupMessageYieldsItsHeader() {
    MessageHeader h = agreed(FrameCodecV2Test.group(""));
    assertEquals(new MessageHeader("group_message", ID, "lobby", "alice", 1764130000123L, EPOCH, List.of()), h);
  }

  @Test
  void aValidSenderKeyYieldsItsHeaderWithRecipientsSorted() {
    MessageHeader h = agreed(FrameCodecV2Test.senderKey(",\"encrypted_keys\":{\"zed\":\"YQ==\",\"bob\":\"YWI=\",\"amy\":\"YWJj\"}"));
    assertEquals(new MessageHeader("sender_key", ID, "lobby", "alice", 1764130000123L, EPOCH, List.of("amy", "bob", "zed")), h);
  }

  @Test
  void messageHeaderStillAnswersOnlyForMessages() {
    assertNull(FrameCodec.messageHeader(Buffer.buffer(FrameCodecV2Test.group(""))));
    assertNull(FrameCodec.messageHeader(Buffer.buffer(FrameCodecV2Test.senderKey(""))));
  }

  @Test
  void fieldOrderWhitespaceAndEscapesReadAsTheDecoderReadsThem() {
    String spaced = TAIL.substring(1, TAIL.length() - 1) + " ,\n \"encrypted_message\" : \"gAAAAA==\" , "
        + GROUP_HEAD.substring(1, GROUP_HEAD.length() - 1);
    assertNotNull(agreed("{ " + spaced + " }"));
    // escaped names and values decode to the same text for both readers
    String escaped = GROUP_HEAD.replace("\"type\":\"group_message\"", "\"typ\\u0065\":\"group\\u005fmessage\"")
        .replace("\"room\":\"lobby\"", "\"room\":\"lob\\u0062y\"") + "\"encrypted_message\":\"gAAA\\u0041A==\"" + TAIL;
    MessageHeader h = agreed(escaped);
    assertNotNull(h);
    assertEquals("lobby", h.room());
  }

  /** Hostile or unusual group messages: the scanner steps aside and the decoder names the error. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // a repeated key, at the top or inside
      "`,\"from\":\"alice\",\"from\":\"mallory\"` | bad_frame",
      "`,\"encrypted_message\":\"gAAA\",\"encrypted_message\":\"gBBB\"` | bad_frame",
      // wrong types and nested values
      "`,\"epoch\":{\"a\":1}` | bad_frame", "`,\"index\":\"17\"` | bad_frame", "`,\"index\":[17]` | bad_frame",
      "`,\"encrypted_message\":{\"t\":\"gAAA\"}` | bad_frame", "`,\"encrypted_message\":[\"gAAA\"]` | bad_frame",
      "`,\"encrypted_message\":null` | bad_frame", "`,\"sent\":true` | bad_frame", "`,\"from\":[\"alice\"]` | bad_frame",
      // values the decoder refuses
      "`,\"epoch\":\"00112233445566778899AABBCCDDEEFF\"` | bad_frame", "`,\"epoch\":\"0011\"` | bad_frame",
      "`,\"index\":-1` | bad_frame", "`,\"index\":1.0` | bad_frame", "`,\"index\":123456789012345678901234567890` | bad_frame",
      "`,\"encrypted_message\":\"\"` | bad_frame", "`,\"encrypted_message\":\"gA+A/A==\"` | bad_frame",
      "`,\"encrypted_message\":\"g\"` | bad_frame", "`,\"room\":\"a room\"` | bad_room", "`,\"from\":\"a b\"` | bad_nick",
      "`,\"id\":\"nope\"` | bad_frame", "`,\"signature\":\"AAAA\"` | bad_frame"})
  void anUnusualGroupMessageIsLeftToTheFullDecoder(String overrides, String code) {
    String base = GROUP_HEAD + "\"encrypted_message\":\"gAAAAA==\"" + TAIL;
    String json = overrides.contains("\":\"alice\",\"from") || overrides.contains("gAAA\",\"encrypted_message")
        ? base.substring(0, base.length() - 1) + overrides + "}" // appended: the key repeats
        : replaceRaw(base, overrides.substring(1));
    assertRefused(json, code);
  }

  /** {@code base} with one field's raw value replaced in place, byte for byte as written. */
  private static String replaceRaw(String base, String field) {
    String name = field.substring(0, field.indexOf(':'));
    String replaced = base.replaceFirst(java.util.regex.Pattern.quote(name) + ":(\"[^\"]*\"|[^,}]*)",
        java.util.regex.Matcher.quoteReplacement(field));
    assertFalse(replaced.equals(base), field);
    return replaced;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`{\"bob\":\"YQ==\",\"bob\":\"Yg==\"}` | bad_frame", // repeated recipient
      "`{}` | bad_frame", "`{\"bob\":\"\"}` | bad_frame", "`{\"bob\":\"not base64!\"}` | bad_frame",
      "`{\"bob\":\"YQ=\"}` | bad_frame", "`{\"bob\":\"Y\"}` | bad_frame", "`{\"bob\":\"YQ==YQ==\"}` | bad_frame",
      "`{\"bob\":7}` | bad_frame", "`{\"bob\":{\"k\":\"YQ==\"}}` | bad_frame", "`{\"bob\":[\"YQ==\"]}` | bad_frame",
      "`{\"a b\":\"YQ==\"}` | bad_nick", "`[\"bob\"]` | bad_frame", "`\"bob\"` | bad_frame"})
  void anUnusualSenderKeyIsLeftToTheFullDecoder(String keys, String code) {
    assertRefused(KEY_HEAD + "\"encrypted_keys\":" + keys + TAIL, code);
  }

  private static void assertRefused(String json, String code) {
    assertNull(scan(json), "the fast path vouched for " + json);
    ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(json.getBytes(StandardCharsets.UTF_8)), json);
    assertEquals(code, e.code().wire(), json);
  }

  /** Valid frames the scanner does not vouch for: the decoder accepts them, the relay takes the slow path. */
  @ParameterizedTest
  @ValueSource(strings = {
      ",\"x-future\":1",                               // an unknown field
      ",\"encrypted_keys\":{\"bob\":\"YQ==\"}",        // a field of another type
  })
  void aValidButUnusualGroupMessageIsLeftToTheFullDecoder(String overrides) {
    String json = FrameCodecV2Test.group(overrides);
    assertNull(scan(json), json);
    assertNotNull(assertDoesDecode(json));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"bob\":\"YQ\"}", "{\"bob\":\"YWI\"}"}) // unpadded: Java's decoder takes it
  void unpaddedWrappedKeysAreLeftToTheFullDecoder(String keys) {
    String json = KEY_HEAD + "\"encrypted_keys\":" + keys + TAIL;
    assertNull(scan(json));
    assertNotNull(assertDoesDecode(json));
  }

  @Test
  void aMessageWithVersion2FieldsIsLeftToTheFullDecoder() {
    String message = "{\"type\":\"message\",\"id\":\"" + ID + "\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":1,"
        + "\"encrypted_message\":\"gAAA\",\"encrypted_keys\":{\"bob\":\"A\"},\"epoch\":\"" + EPOCH + "\"" + TAIL;
    assertNull(scan(message));
    assertNotNull(assertDoesDecode(message));
  }

  @Test
  void invalidUtf8InAWrappedKeyIsNotVouchedFor() {
    byte[] bytes = FrameCodecV2Test.senderKey(",\"encrypted_keys\":{\"bob\":\"YWJj\"}").getBytes(StandardCharsets.UTF_8);
    int at = new String(bytes, StandardCharsets.UTF_8).indexOf("YWJj") + 1;
    bytes[at] = (byte) 0xC3; // a lead byte followed by an ASCII letter
    assertNull(FrameCodec.storedHeader(Buffer.buffer(bytes)));
  }

  @Test
  void trailingContentIsNotVouchedFor() {
    assertNull(scan(FrameCodecV2Test.group("") + " {}"));
    assertNull(scan(FrameCodecV2Test.senderKey("") + "x"));
  }

  @Test
  void anUnpaddedSignatureIsLeftToTheFullDecoder() {
    String unpadded = SIG.substring(0, SIG.length() - 2);
    String json = FrameCodecV2Test.group(",\"signature\":\"" + unpadded + "\"");
    assertNull(scan(json));
    assertNotNull(assertDoesDecode(json));
    char[] padded = SIG.toCharArray();
    assertTrue(MessageScanner.isPaddedSignature(padded, 0, padded.length));
    char[] short63 = Base64.getEncoder().encodeToString(new byte[63]).toCharArray();
    assertFalse(MessageScanner.isPaddedSignature(short63, 0, short63.length));
  }

  /** The padded-base64 shortcut never says yes where Java's decoder says no. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void thePaddedBase64CheckIsASubsetOfTheDecoder(long seed) {
    Random random = new Random(seed);
    String alphabet = "AZaz09+/=-_ !";
    int vouched = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder();
      if (random.nextBoolean()) {
        byte[] bytes = new byte[random.nextInt(8)];
        random.nextBytes(bytes);
        s.append(Base64.getEncoder().encodeToString(bytes));
      }
      for (int n = random.nextInt(4); n > 0; n--) {
        s.insert(random.nextInt(s.length() + 1), alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (MessageScanner.isPaddedBase64(s.toString().toCharArray(), 0, s.length())) {
        vouched++;
        String text = s.toString();
        assertFalse(text.isEmpty());
        try {
          Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
          throw new AssertionError("vouched for '" + text + "', which Java's decoder refuses", e);
        }
      }
    }
    assertTrue(vouched > 1_000, "the check vouched for almost nothing: " + vouched);
  }
}
