package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameCodecTest {
  static final String SIG = Base64.getEncoder().encodeToString(new byte[64]);
  static final String ID = "0b7e6a8e-4b1c-4c3e-9f00-1234567890ab";

  static Frame decode(String json) throws ProtocolException {
    return FrameCodec.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A valid message, with {@code override} (one {@code ,"field":value}) replacing that field in
   * place or, for a new field, appended: a repeated key would be bad_frame on its own.
   */
  static String message(String override) {
    String base = "\"type\":\"message\",\"id\":\"" + ID + "\",\"room\":\"lobby\",\"from\":\"alice\","
        + "\"sent\":1764130000123,\"encrypted_message\":\"gAAAAA\",\"encrypted_keys\":{\"bob\":\"AAAA\"},"
        + "\"signature\":\"" + SIG + "\"";
    if (!override.isEmpty()) {
      String key = override.substring(1, override.indexOf(':') + 1);
      java.util.regex.Matcher old = java.util.regex.Pattern
          .compile(java.util.regex.Pattern.quote(key) + "(\"[^\"]*\"|\\{[^}]*\\}|[^,}]+)").matcher(base);
      base = old.find() ? base.substring(0, old.start()) + override.substring(1) + base.substring(old.end()) : base + override;
    }
    return "{" + base + "}";
  }

  static Stream<Frame> frames() {
    TreeMap<String, String> keys = new TreeMap<>();
    keys.put("carol", "Yw==");
    keys.put("bob", "Yg==");
    return Stream.of(
        new Frame.Hello(1, "alice", "lobby", "RSA", "ED"),
        new Frame.Welcome("alice", "ops", List.of(new Frame.Member("bob", "e", "s"))),
        new Frame.Joined("bob", "e", "s"),
        new Frame.Left("bob"),
        new Frame.Join("ops"),
        new Frame.RoomsRequest(),
        new Frame.RoomList(List.of(new Frame.RoomInfo("lobby", 3))),
        new Frame.Message(ID, "lobby", "alice", 1764130000123L, "gAAA", keys, SIG),
        new Frame.Ack(ID, List.of("carol")),
        new Frame.Ping(), new Frame.Pong(), new Frame.Quit(),
        new Frame.Error("bad_frame", "nope", null),
        new Frame.Error("wrong_room", "nope", ID));
  }

  @ParameterizedTest
  @MethodSource("frames")
  void everyFrameSurvivesARoundTrip(Frame frame) throws ProtocolException {
    byte[] line = FrameCodec.encode(frame);
    assertEquals('\n', line[line.length - 1]);
    for (int i = 0; i < line.length - 1; i++) {
      assertTrue(line[i] != '\n', "no raw newline inside a frame");
    }
    assertEquals(frame, FrameCodec.decode(line, 0, line.length - 1));
  }

  @Test
  void unknownFieldsAreIgnoredAndRoomDefaultsToLobby() throws ProtocolException {
    Frame f = decode("{\"type\":\"hello\",\"version\":1,\"nick\":\"a\",\"enc_key\":\"x\",\"sig_key\":\"y\",\"future\":[1,{}]}");
    assertEquals(new Frame.Hello(1, "a", "lobby", "x", "y"), f);
  }

  @Test
  void messageKeysAreSortedByNick() throws ProtocolException {
    Frame.Message m = (Frame.Message) decode(message(",\"encrypted_keys\":{\"zed\":\"A\",\"Bob\":\"B\",\"amy\":\"C\"}"));
    assertEquals(List.of("Bob", "amy", "zed"), List.copyOf(m.encryptedKeys().keySet()));
  }

  static Stream<Arguments> badFrames() {
    return Stream.of(
        Arguments.of("not json", "bad_frame"),
        Arguments.of("[1,2]", "bad_frame"),
        Arguments.of("\"text\"", "bad_frame"),
        Arguments.of("", "bad_frame"),
        Arguments.of("{}", "bad_frame"),
        Arguments.of("{\"type\":7}", "bad_frame"),
        Arguments.of("{\"type\":\"dance\"}", "unknown_type"),
        Arguments.of("{\"type\":\"hello\",\"version\":3,\"nick\":\"a\",\"enc_key\":\"x\",\"sig_key\":\"y\"}", "unsupported_version"),
        Arguments.of("{\"type\":\"hello\",\"version\":\"1\",\"nick\":\"a\",\"enc_key\":\"x\",\"sig_key\":\"y\"}", "bad_frame"),
        Arguments.of("{\"type\":\"hello\",\"version\":1,\"nick\":\"a b\",\"enc_key\":\"x\",\"sig_key\":\"y\"}", "bad_nick"),
        Arguments.of("{\"type\":\"hello\",\"version\":1,\"nick\":\"" + "n".repeat(33) + "\",\"enc_key\":\"x\",\"sig_key\":\"y\"}", "bad_nick"),
        Arguments.of("{\"type\":\"hello\",\"version\":1,\"nick\":\"a\",\"room\":\"\",\"enc_key\":\"x\",\"sig_key\":\"y\"}", "bad_room"),
        Arguments.of("{\"type\":\"hello\",\"version\":1,\"nick\":\"a\",\"enc_key\":1,\"sig_key\":\"y\"}", "bad_frame"),
        Arguments.of("{\"type\":\"join\",\"room\":\"" + "r".repeat(65) + "\"}", "bad_room"),
        Arguments.of("{\"type\":\"join\"}", "bad_frame"),
        Arguments.of(message(",\"id\":\"not-a-uuid\""), "bad_frame"),
        Arguments.of(message(",\"sent\":\"now\""), "bad_frame"),
        Arguments.of(message(",\"sent\":1.5"), "bad_frame"),
        Arguments.of(message(",\"from\":\"al ice\""), "bad_nick"),
        Arguments.of(message(",\"room\":\"lob/by\""), "bad_room"),
        Arguments.of(message(",\"encrypted_keys\":[]"), "bad_frame"),
        Arguments.of(message(",\"encrypted_keys\":{}"), "bad_frame"),
        Arguments.of(message(",\"encrypted_keys\":{\"b o b\":\"x\"}"), "bad_nick"),
        Arguments.of(message(",\"encrypted_keys\":{\"bob\":1}"), "bad_frame"),
        Arguments.of(message(",\"signature\":\"AAAA\""), "bad_frame"),
        Arguments.of(message(",\"signature\":\"!!!\""), "bad_frame"),
        Arguments.of(message(",\"encrypted_message\":\"\""), "bad_frame"),
        Arguments.of("{\"type\":\"ack\",\"id\":\"x\",\"missing\":[1]}", "bad_frame"),
        // found by fuzzing: trailing bytes were accepted, and the relay forwards message lines verbatim
        Arguments.of("{\"type\":\"ping\"}m", "bad_frame"),
        Arguments.of("{\"type\":\"quit\"} {\"type\":\"ping\"}", "bad_frame"),
        Arguments.of(message("") + " trailing", "bad_frame"),
        Arguments.of("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", "bad_frame"));
  }

  @ParameterizedTest
  @MethodSource("badFrames")
  void badFramesYieldTheirProtocolErrorCode(String json, String code) {
    ProtocolException e = assertThrows(ProtocolException.class, () -> decode(json));
    assertEquals(code, e.code().wire());
  }

  @Test
  void errorsAboutAMessageCarryItsId() {
    ProtocolException e = assertThrows(ProtocolException.class, () -> decode(message(",\"from\":\"a b\"")));
    assertEquals(ID, e.messageId());
    assertEquals(ID, e.toFrame().id());
    ProtocolException other = assertThrows(ProtocolException.class, () -> decode("{\"type\":\"join\"}"));
    assertNull(other.messageId());
  }

  @Test
  void hostileTextIsNotEchoedRaw() {
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> decode("{\"type\":\"\\u001b[2J" + "x".repeat(500) + "\"}"));
    assertTrue(e.getMessage().length() < 100);
    assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f));
    assertInstanceOf(Frame.Error.class, e.toFrame());
  }

  /** The relay's hand-written ack is byte for byte the generator's, and falls back on anything to escape. */
  @ParameterizedTest(name = "[{index}] {0} missing {1}")
  @MethodSource("acks")
  void theFastAckIsTheEncodedAck(String id, List<String> missing) {
    assertEquals(encodeToString(new Frame.Ack(id, missing)),
        new String(AckLine.encodeV1(id, missing), StandardCharsets.UTF_8));
  }

  static Stream<Arguments> acks() {
    return Stream.of(Arguments.of(ID, List.of()), Arguments.of(ID, List.of("carol")),
        Arguments.of(ID, List.of("bob", "Carol_2", "d-e")), Arguments.of("x", List.of("a".repeat(32))),
        Arguments.of("quote\"id", List.of("bob")), Arguments.of(ID, List.of("b\\ob", "caf\u00e9")),
        Arguments.of(ID, List.of("tab\tx")), Arguments.of("", List.of("")));
  }

  private static String encodeToString(Frame f) { return FrameCodec.encodeToString(f); }
}
