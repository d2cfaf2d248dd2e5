package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Version 2 frames (PROTOCOL.md sections 8-14) and the promise that version 1 bytes did not change. */
class FrameCodecV2Test {
  static final String SIG = Base64.getEncoder().encodeToString(new byte[64]);
  static final String NONCE = Base64.getEncoder().encodeToString(new byte[32]);
  static final String ID = "0b7e6a8e-4b1c-4c3e-9f00-1234567890ab";
  static final String EPOCH = "00112233445566778899aabbccddeeff";

  static Frame decode(String json) throws ProtocolException {
    return FrameCodec.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  static TreeMap<String, String> keys(String... nickThenKey) {
    TreeMap<String, String> keys = new TreeMap<>();
    for (int i = 0; i < nickThenKey.length; i += 2) {
      keys.put(nickThenKey[i], nickThenKey[i + 1]);
    }
    return keys;
  }

  // ---- version 1: the bytes of every frame are what the version 1 encoder wrote ----

  /** Captured from the version 1 encoder (commit b684056) before any version 2 change. */
  static Stream<Arguments> version1Frames() {
    return Stream.of(
        Arguments.of(new Frame.Hello(1, "alice", "lobby", "RSA", "ED"),
            "{\"type\":\"hello\",\"version\":1,\"nick\":\"alice\",\"room\":\"lobby\",\"enc_key\":\"RSA\",\"sig_key\":\"ED\"}"),
        Arguments.of(new Frame.Welcome("alice", "ops", List.of(new Frame.Member("bob", "e", "s"), new Frame.Member("carol", "e2", "s2"))),
            "{\"type\":\"welcome\",\"nick\":\"alice\",\"room\":\"ops\",\"members\":[{\"nick\":\"bob\",\"enc_key\":\"e\",\"sig_key\":\"s\"},{\"nick\":\"carol\",\"enc_key\":\"e2\",\"sig_key\":\"s2\"}]}"),
        Arguments.of(new Frame.Welcome("alice", "ops", List.of()),
            "{\"type\":\"welcome\",\"nick\":\"alice\",\"room\":\"ops\",\"members\":[]}"),
        Arguments.of(new Frame.Joined("bob", "e", "s"), "{\"type\":\"joined\",\"nick\":\"bob\",\"enc_key\":\"e\",\"sig_key\":\"s\"}"),
        Arguments.of(new Frame.Left("bob"), "{\"type\":\"left\",\"nick\":\"bob\"}"),
        Arguments.of(new Frame.Join("ops"), "{\"type\":\"join\",\"room\":\"ops\"}"),
        Arguments.of(new Frame.RoomsRequest(), "{\"type\":\"rooms\"}"),
        Arguments.of(new Frame.RoomList(List.of(new Frame.RoomInfo("lobby", 3), new Frame.RoomInfo("ops", 1))),
            "{\"type\":\"rooms\",\"rooms\":[{\"room\":\"lobby\",\"members\":3},{\"room\":\"ops\",\"members\":1}]}"),
        Arguments.of(new Frame.Message(ID, "lobby", "alice", 1764130000123L, "gAAA", keys("carol", "Yw==", "bob", "Yg=="), SIG),
            "{\"type\":\"message\",\"id\":\"" + ID + "\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":1764130000123,"
                + "\"encrypted_message\":\"gAAA\",\"encrypted_keys\":{\"bob\":\"Yg==\",\"carol\":\"Yw==\"},\"signature\":\"" + SIG + "\"}"),
        Arguments.of(new Frame.Ack(ID, List.of("carol")), "{\"type\":\"ack\",\"id\":\"" + ID + "\",\"missing\":[\"carol\"]}"),
        Arguments.of(new Frame.Ack(ID, List.of()), "{\"type\":\"ack\",\"id\":\"" + ID + "\",\"missing\":[]}"),
        Arguments.of(new Frame.Ping(), "{\"type\":\"ping\"}"),
        Arguments.of(new Frame.Pong(), "{\"type\":\"pong\"}"),
        Arguments.of(new Frame.Quit(), "{\"type\":\"quit\"}"),
        Arguments.of(new Frame.Error("bad_frame", "nope \"q\" \u0001", null),
            "{\"type\":\"error\",\"code\":\"bad_frame\",\"message\":\"nope \\\"q\\\" \\u0001\"}"),
        Arguments.of(new Frame.Error("wrong_room", "nope", ID),
            "{\"type\":\"error\",\"code\":\"wrong_room\",\"message\":\"nope\",\"id\":\"" + ID + "\"}"));
  }

  @ParameterizedTest
  @MethodSource("version1Frames")
  void version1FramesKeepTheirExactBytes(Frame frame, String golden) throws ProtocolException {
    assertEquals(golden + "\n", FrameCodec.encodeToString(frame));
    Frame decoded = decode(golden);
    assertEquals(frame, decoded, "a version 1 line decodes to the version 1 shape (v2 fields null)");
    assertEquals(golden + "\n", FrameCodec.encodeToString(decoded));
  }

  @Test
  void aVersion1WelcomeDropsItsMembersVersion2Fields() {
    Frame.Member v2Member = new Frame.Member("bob", "e", "s", 2, false);
    Frame.Welcome w = new Frame.Welcome("alice", "ops", List.of(v2Member));
    assertEquals(List.of(new Frame.Member("bob", "e", "s")), w.members());
    String line = FrameCodec.encodeToString(w);
    assertFalse(line.contains("version") || line.contains("online"), line);
  }

  @Test
  void version2FieldsOnAVersion1FrameAreIgnoredAsUnknownFields() throws ProtocolException {
    assertEquals(new Frame.Hello(1, "a", "lobby", "x", "y"),
        decode("{\"type\":\"hello\",\"version\":1,\"nick\":\"a\",\"enc_key\":\"x\",\"sig_key\":\"y\",\"since\":{\"lobby\":3}}"));
    assertEquals(new Frame.Welcome("a", "b", List.of(new Frame.Member("c", "e", "s"))),
        decode("{\"type\":\"welcome\",\"nick\":\"a\",\"room\":\"b\",\"members\":[{\"nick\":\"c\",\"enc_key\":\"e\",\"sig_key\":\"s\",\"version\":2,\"online\":true}]}"));
    assertEquals(new Frame.Joined("c", "e", "s"),
        decode("{\"type\":\"joined\",\"nick\":\"c\",\"enc_key\":\"e\",\"sig_key\":\"s\",\"version\":2}"));
  }

  @Test
  void halfVersion2RecordsAreRefusedWhenBuilt() {
    assertThrows(IllegalArgumentException.class, () -> new Frame.Joined("c", "e", "s", "ops", null));
    assertThrows(IllegalArgumentException.class, () -> new Frame.Joined("c", "e", "s", null, 2));
    assertThrows(IllegalArgumentException.class, () -> new Frame.Ack(ID, List.of(), "lobby", null));
    assertThrows(IllegalArgumentException.class, () -> new Frame.Ack(ID, List.of(), null, 3L));
    assertThrows(IllegalArgumentException.class, () -> new Frame.Welcome("a", "b", List.of(new Frame.Member("c", "e", "s")), 4L));
    assertThrows(IllegalArgumentException.class, () -> new Frame.Delivery("lobby", 1, new Frame.Ping()));
    assertThrows(IllegalArgumentException.class, () -> new Frame.Delivery("ops", 1,
        new Frame.GroupMessage(ID, "lobby", "alice", 1L, EPOCH, 0, "gAAA", SIG)));
  }

  // ---- version 2: the examples of PROTOCOL.md, byte for byte ----

  static Stream<Arguments> protocolExamples() {
    TreeMap<String, Long> since = new TreeMap<>();
    since.put("ops", 77L);
    since.put("lobby", 1041L);
    return Stream.of(
        Arguments.of("{\"type\":\"hello\",\"version\":2", new Frame.Hello(2, "alice", null, "<b64 RSA SPKI>", "<b64 Ed25519 SPKI>", since)),
        Arguments.of("{\"type\":\"challenge\"", new Frame.Challenge("<b64 of 32 random bytes>")),
        Arguments.of("{\"type\":\"auth\"", new Frame.Auth("<b64 Ed25519>")),
        Arguments.of("{\"type\":\"ready\"", new Frame.Ready("alice", List.of("lobby", "ops"))),
        Arguments.of("{\"type\":\"join\",\"room\":\"ops\"}", new Frame.Join("ops")),
        Arguments.of("{\"type\":\"part\"", new Frame.Part("ops")),
        Arguments.of("{\"type\":\"parted\"", new Frame.Parted("ops")),
        Arguments.of("{\"type\":\"joined\",\"room\"", new Frame.Joined("alice", "...", "...", "ops", 2)),
        Arguments.of("{\"type\":\"welcome\",\"room\"", new Frame.Welcome("alice", "ops", List.of(new Frame.Member("bob", "...", "...", 2, false)), 812L)),
        Arguments.of("{\"type\":\"left\",\"room\"", new Frame.Left("alice", "ops")),
        Arguments.of("{\"type\":\"presence\"", new Frame.Presence("ops", "bob", true)),
        Arguments.of("{\"type\":\"ack\",\"id\":\"<id>\",\"room\"", new Frame.Ack("<id>", List.of(), "lobby", 1042L)),
        Arguments.of("{\"type\":\"synced\"", new Frame.Synced("lobby", 1042)),
        Arguments.of("{\"type\":\"sender_key\"", new Frame.SenderKey("<uuid>", "lobby", "alice", 1764130000123L, "<32 hex>", 17,
            keys("bob", "<b64 RSA-OAEP of the 32 raw bytes of CK_17>"), "<b64 Ed25519>")),
        Arguments.of("{\"type\":\"group_message\"", new Frame.GroupMessage("<uuid>", "lobby", "alice", 1764130000123L, "<32 hex>", 17,
            "<Fernet token of the payload, key from MK_17>", "<b64 Ed25519>")));
  }

  @ParameterizedTest
  @MethodSource("protocolExamples")
  void version2FramesEncodeExactlyAsProtocolMdShowsThem(String start, Frame frame) throws IOException {
    assertEquals(example(start) + "\n", FrameCodec.encodeToString(frame));
  }

  @Test
  void deliveryEncodesAsProtocolMdShowsIt() throws IOException {
    Frame.Message inner = new Frame.Message(ID, "lobby", "alice", 1764130000123L, "gAAA", keys("bob", "Yg=="), SIG);
    String innerLine = FrameCodec.encodeToString(inner).trim();
    String shown = example("{\"type\":\"delivery\"").replace("{...}", innerLine);
    assertEquals(shown + "\n", FrameCodec.encodeToString(new Frame.Delivery("lobby", 1042, inner)));
  }

  /**
   * The example in docs/PROTOCOL.md that begins with {@code start}, up to its closing brace,
   * without the whitespace the document wraps it with.
   */
  static String example(String start) throws IOException {
    String doc = Files.readString(Path.of("docs/PROTOCOL.md"));
    int at = doc.indexOf(start);
    assertTrue(at >= 0, "PROTOCOL.md has no example starting " + start);
    StringBuilder out = new StringBuilder();
    int depth = 0;
    boolean inString = false;
    for (int i = at; i < doc.length(); i++) {
      char c = doc.charAt(i);
      if (inString) {
        out.append(c);
        if (c == '\\') {
          out.append(doc.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (Character.isWhitespace(c)) {
        continue;
      }
      out.append(c);
      if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return out.toString();
      }
    }
    throw new AssertionError("unterminated example " + start);
  }

  // ---- version 2: every frame survives a round trip ----

  static Stream<Frame> v2Frames() {
    TreeMap<String, Long> since = new TreeMap<>();
    since.put("lobby", 1041L);
    since.put("ops", 0L);
    Frame.Message message = new Frame.Message(ID, "lobby", "alice", 1764130000123L, "gAAAAA==", keys("bob", "Yg=="), SIG);
    Frame.GroupMessage group = new Frame.GroupMessage(ID, "lobby", "alice", 1764130000123L, EPOCH, 17, "gAAAAABtok==", SIG);
    Frame.SenderKey senderKey = new Frame.SenderKey(ID, "lobby", "alice", 1764130000123L, EPOCH, 0, keys("bob", "a2V5", "carol", "Yw=="), SIG);
    return Stream.of(
        new Frame.Hello(2, "alice", null, "RSA", "ED", since),
        new Frame.Hello(2, "alice", null, "RSA", "ED", new TreeMap<>()),
        new Frame.Hello(2, "alice", null, "RSA", "ED"),
        new Frame.Challenge(NONCE),
        new Frame.Auth(SIG),
        new Frame.Ready("alice", List.of("lobby", "ops")),
        new Frame.Ready("alice", List.of()),
        new Frame.Part("ops"),
        new Frame.Parted("ops"),
        new Frame.Presence("ops", "bob", true),
        new Frame.Presence("ops", "bob", false),
        new Frame.Synced("lobby", 0),
        new Frame.Synced("lobby", Long.MAX_VALUE),
        new Frame.Welcome("alice", "ops", List.of(new Frame.Member("bob", "e", "s", 2, false), new Frame.Member("v1", "e", "s", 1, true)), 812L),
        new Frame.Welcome("alice", "ops", List.of(), 0L),
        new Frame.Joined("alice", "e", "s", "ops", 1),
        new Frame.Left("alice", "ops"),
        new Frame.Ack(ID, List.of("carol"), "lobby", 1042L),
        new Frame.Error("not_member", "you are not in ops", ID, "ops"),
        new Frame.Error("too_many_rooms", "at most 100 rooms", null, "ops"),
        group, senderKey,
        new Frame.Delivery("lobby", 1042, message),
        new Frame.Delivery("lobby", 1, group),
        new Frame.Delivery("lobby", 2, senderKey));
  }

  @ParameterizedTest
  @MethodSource("v2Frames")
  void everyVersion2FrameSurvivesARoundTrip(Frame frame) throws ProtocolException {
    byte[] line = FrameCodec.encode(frame);
    assertEquals('\n', line[line.length - 1]);
    assertEquals(frame, FrameCodec.decode(line, 0, line.length - 1));
    CodecProperties.decodeIsTotalAndRoundTrips(java.util.Arrays.copyOf(line, line.length - 1));
  }

  @Test
  void aVersion2HelloNamesNoRoomEvenWhenOneIsSent() throws ProtocolException {
    Frame.Hello h = (Frame.Hello) decode("{\"type\":\"hello\",\"version\":2,\"nick\":\"a\",\"room\":\"ops\",\"enc_key\":\"x\",\"sig_key\":\"y\"}");
    assertEquals(new Frame.Hello(2, "a", null, "x", "y", null), h);
    assertNull(h.since(), "no since field: null, not an empty map");
  }

  @Test
  void sinceMayNameUpToItsBoundOfRooms() throws ProtocolException {
    StringBuilder since = new StringBuilder();
    for (int i = 0; i < Names.MAX_SINCE_ROOMS; i++) {
      since.append(i == 0 ? "" : ",").append("\"r").append(i).append("\":").append(i);
    }
    String hello = "{\"type\":\"hello\",\"version\":2,\"nick\":\"a\",\"enc_key\":\"x\",\"sig_key\":\"y\",\"since\":{" + since + "%s}}";
    Frame.Hello h = (Frame.Hello) decode(String.format(hello, ""));
    assertEquals(Names.MAX_SINCE_ROOMS, h.since().size());
    ProtocolException e = assertThrows(ProtocolException.class, () -> decode(String.format(hello, ",\"one-more\":1")));
    assertEquals(ErrorCode.BAD_FRAME, e.code());
  }

  // ---- version 2: every rejection, with its code ----

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

  /** {@code base} with each field of {@code overrides} (",\"k\":v,...") put in place of its own: never a repeated key. */
  static String withFields(String base, String overrides) {
    if (overrides.isEmpty()) {
      return base;
    }
    try {
      var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(base);
      var extra = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree("{" + overrides.substring(1) + "}");
      extra.fields().forEachRemaining(e -> node.set(e.getKey(), e.getValue()));
      return JSON.writeValueAsString(node);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(overrides, e);
    }
  }

  static String group(String overrides) {
    return withFields("{\"type\":\"group_message\",\"id\":\"" + ID + "\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":1764130000123,"
        + "\"epoch\":\"" + EPOCH + "\",\"index\":17,\"encrypted_message\":\"gAAAAA==\",\"signature\":\"" + SIG + "\"}", overrides);
  }

  static String senderKey(String overrides) {
    return withFields("{\"type\":\"sender_key\",\"id\":\"" + ID + "\",\"room\":\"lobby\",\"from\":\"alice\",\"sent\":1764130000123,"
        + "\"epoch\":\"" + EPOCH + "\",\"index\":17,\"encrypted_keys\":{\"bob\":\"a2V5\"},\"signature\":\"" + SIG + "\"}", overrides);
  }

  static String hello(String overrides) {
    return withFields("{\"type\":\"hello\",\"version\":2,\"nick\":\"alice\",\"enc_key\":\"x\",\"sig_key\":\"y\"}", overrides);
  }

  static String delivery(String room, String seq, String frame) {
    return "{\"type\":\"delivery\",\"room\":\"" + room + "\",\"seq\":" + seq + ",\"frame\":" + frame + "}";
  }

  static Stream<Arguments> badV2Frames() {
    String welcome = "{\"type\":\"welcome\",\"room\":\"ops\",\"nick\":\"alice\",\"seq\":812,\"members\":[%s]}";
    String member = "{\"nick\":\"bob\",\"enc_key\":\"e\",\"sig_key\":\"s\"%s}";
    return Stream.of(
        Arguments.of(hello(",\"version\":3"), "unsupported_version"),
        Arguments.of("{\"type\":\"hello\",\"version\":2.0,\"nick\":\"alice\",\"enc_key\":\"x\",\"sig_key\":\"y\"}", "bad_frame"),
        Arguments.of(hello(",\"nick\":\"a b\""), "bad_nick"),
        Arguments.of(hello(",\"enc_key\":7"), "bad_frame"),
        Arguments.of(hello(",\"since\":[]"), "bad_frame"),
        Arguments.of(hello(",\"since\":{\"lobby\":-1}"), "bad_frame"),
        Arguments.of(hello(",\"since\":{\"lobby\":1.5}"), "bad_frame"),
        Arguments.of(hello(",\"since\":{\"lobby\":\"3\"}"), "bad_frame"),
        Arguments.of(hello(",\"since\":{\"lobby\":99999999999999999999}"), "bad_frame"),
        Arguments.of(hello(",\"since\":{\"lo/bby\":1}"), "bad_room"),
        Arguments.of(hello(",\"since\":{\"\":1}"), "bad_room"),
        Arguments.of("{\"type\":\"challenge\"}", "bad_frame"),
        Arguments.of("{\"type\":\"challenge\",\"nonce\":\"" + SIG + "\"}", "bad_frame"),
        Arguments.of("{\"type\":\"challenge\",\"nonce\":\"not base64!\"}", "bad_frame"),
        Arguments.of("{\"type\":\"auth\",\"signature\":\"" + NONCE + "\"}", "bad_frame"),
        Arguments.of("{\"type\":\"auth\",\"signature\":7}", "bad_frame"),
        Arguments.of("{\"type\":\"ready\",\"nick\":\"alice\",\"rooms\":[\"lo by\"]}", "bad_room"),
        Arguments.of("{\"type\":\"ready\",\"nick\":\"alice\",\"rooms\":\"lobby\"}", "bad_frame"),
        Arguments.of("{\"type\":\"ready\",\"nick\":\"al ice\",\"rooms\":[]}", "bad_nick"),
        Arguments.of("{\"type\":\"part\"}", "bad_frame"),
        Arguments.of("{\"type\":\"part\",\"room\":\"" + "r".repeat(65) + "\"}", "bad_room"),
        Arguments.of("{\"type\":\"parted\",\"room\":1}", "bad_frame"),
        Arguments.of("{\"type\":\"presence\",\"room\":\"ops\",\"nick\":\"bob\",\"online\":\"yes\"}", "bad_frame"),
        Arguments.of("{\"type\":\"presence\",\"room\":\"ops\",\"nick\":\"bob\"}", "bad_frame"),
        Arguments.of("{\"type\":\"presence\",\"room\":\"ops\",\"nick\":\"b:b\",\"online\":true}", "bad_nick"),
        Arguments.of("{\"type\":\"synced\",\"room\":\"ops\",\"seq\":-1}", "bad_frame"),
        Arguments.of("{\"type\":\"synced\",\"room\":\"ops\",\"seq\":1e3}", "bad_frame"),
        Arguments.of("{\"type\":\"synced\",\"room\":\"ops\"}", "bad_frame"),
        Arguments.of(String.format(welcome, String.format(member, "")), "bad_frame"),
        Arguments.of(String.format(welcome, String.format(member, ",\"version\":2")), "bad_frame"),
        Arguments.of(String.format(welcome, String.format(member, ",\"version\":3,\"online\":true")), "bad_frame"),
        Arguments.of(String.format(welcome, String.format(member, ",\"version\":2,\"online\":1")), "bad_frame"),
        Arguments.of("{\"type\":\"welcome\",\"room\":\"ops\",\"nick\":\"alice\",\"seq\":-4,\"members\":[]}", "bad_frame"),
        Arguments.of("{\"type\":\"welcome\",\"room\":\"ops\",\"nick\":\"alice\",\"seq\":\"4\",\"members\":[]}", "bad_frame"),
        Arguments.of("{\"type\":\"joined\",\"room\":\"ops\",\"nick\":\"alice\",\"enc_key\":\"e\",\"sig_key\":\"s\"}", "bad_frame"),
        Arguments.of("{\"type\":\"joined\",\"room\":\"ops\",\"nick\":\"alice\",\"enc_key\":\"e\",\"sig_key\":\"s\",\"version\":0}", "bad_frame"),
        Arguments.of("{\"type\":\"joined\",\"room\":\"o ps\",\"nick\":\"alice\",\"enc_key\":\"e\",\"sig_key\":\"s\",\"version\":2}", "bad_room"),
        Arguments.of("{\"type\":\"left\",\"room\":\"\",\"nick\":\"alice\"}", "bad_room"),
        Arguments.of("{\"type\":\"ack\",\"id\":\"" + ID + "\",\"room\":\"lobby\",\"missing\":[]}", "bad_frame"),
        Arguments.of("{\"type\":\"ack\",\"id\":\"" + ID + "\",\"seq\":3,\"missing\":[]}", "bad_frame"),
        Arguments.of("{\"type\":\"ack\",\"id\":\"" + ID + "\",\"room\":\"lobby\",\"seq\":-3,\"missing\":[]}", "bad_frame"),
        Arguments.of("{\"type\":\"error\",\"code\":\"x\",\"message\":\"y\",\"room\":\"o/ps\"}", "bad_room"),
        Arguments.of("{\"type\":\"error\",\"code\":\"x\",\"message\":\"y\",\"room\":5}", "bad_frame"),
        Arguments.of(group(",\"id\":\"nope\""), "bad_frame"),
        Arguments.of(group(",\"room\":\"lob by\""), "bad_room"),
        Arguments.of(group(",\"from\":\"al ice\""), "bad_nick"),
        Arguments.of(group(",\"sent\":\"now\""), "bad_frame"),
        Arguments.of(group(",\"epoch\":\"" + EPOCH.toUpperCase(java.util.Locale.ROOT) + "\""), "bad_frame"),
        Arguments.of(group(",\"epoch\":\"" + EPOCH.substring(1) + "\""), "bad_frame"),
        Arguments.of(group(",\"epoch\":\"" + EPOCH + "00\""), "bad_frame"),
        Arguments.of(group(",\"epoch\":\"" + EPOCH.replace('f', 'g') + "\""), "bad_frame"),
        Arguments.of(group(",\"epoch\":7"), "bad_frame"),
        Arguments.of(group(",\"index\":-1"), "bad_frame"),
        Arguments.of(group(",\"index\":0.5"), "bad_frame"),
        Arguments.of(group(",\"index\":9223372036854775808"), "bad_frame"),
        Arguments.of(group(",\"encrypted_message\":\"\""), "bad_frame"),
        Arguments.of(group(",\"encrypted_message\":\"gAAA+/==\""), "bad_frame"),
        Arguments.of(group(",\"encrypted_message\":\"gAAAA\""), "bad_frame"),
        Arguments.of(group(",\"encrypted_message\":\"gAAAAA=\""), "bad_frame"),
        Arguments.of(group(",\"signature\":\"AAAA\""), "bad_frame"),
        Arguments.of(senderKey(",\"encrypted_keys\":{}"), "bad_frame"),
        Arguments.of(senderKey(",\"encrypted_keys\":{\"b b\":\"a2V5\"}"), "bad_nick"),
        Arguments.of(senderKey(",\"encrypted_keys\":{\"bob\":\"not base64!\"}"), "bad_frame"),
        Arguments.of(senderKey(",\"encrypted_keys\":{\"bob\":\"\"}"), "bad_frame"),
        Arguments.of(senderKey(",\"encrypted_keys\":{\"bob\":1}"), "bad_frame"),
        Arguments.of(senderKey(",\"epoch\":\"x\""), "bad_frame"),
        Arguments.of(senderKey(",\"index\":-2"), "bad_frame"),
        Arguments.of(delivery("lobby", "-1", group("")), "bad_frame"),
        Arguments.of(delivery("lo by", "1", group("")), "bad_room"),
        Arguments.of(delivery("ops", "1", group("")), "bad_frame"),
        Arguments.of(delivery("lobby", "1", "{\"type\":\"ping\"}"), "bad_frame"),
        Arguments.of(delivery("lobby", "1", "{\"type\":\"ack\",\"id\":\"" + ID + "\",\"missing\":[]}"), "bad_frame"),
        Arguments.of(delivery("lobby", "1", delivery("lobby", "1", group(""))), "bad_frame"),
        Arguments.of(delivery("lobby", "1", "\"" + group("").replace("\"", "\\\"") + "\""), "bad_frame"),
        Arguments.of(delivery("lobby", "1", "{}"), "bad_frame"),
        Arguments.of(delivery("lobby", "1", group(",\"from\":\"a b\"")), "bad_nick"),
        Arguments.of("{\"type\":\"delivery\",\"room\":\"lobby\",\"seq\":1}", "bad_frame"));
  }

  @ParameterizedTest
  @MethodSource("badV2Frames")
  void badVersion2FramesYieldTheirProtocolErrorCode(String json, String code) {
    ProtocolException e = assertThrows(ProtocolException.class, () -> decode(json));
    assertEquals(code, e.code().wire(), e.getMessage());
    assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "one printable sentence");
  }

  @Test
  void errorsAboutAStoredFrameCarryItsId() {
    for (String bad : List.of(group(",\"epoch\":\"x\""), senderKey(",\"index\":-1"), group(",\"from\":\"a b\""))) {
      ProtocolException e = assertThrows(ProtocolException.class, () -> decode(bad));
      assertEquals(ID, e.messageId(), bad);
      assertEquals(ID, e.toFrame().id());
      assertNull(e.toFrame().room(), "the refusal frame keeps the version 1 shape; the relay adds the room for v2");
    }
  }

  @Test
  void theNewErrorCodesHaveTheirWireNames() {
    assertEquals(List.of("bad_auth", "nick_registered", "not_member", "too_many_rooms", "room_full", "replaced"),
        Stream.of(ErrorCode.BAD_AUTH, ErrorCode.NICK_REGISTERED, ErrorCode.NOT_MEMBER, ErrorCode.TOO_MANY_ROOMS,
            ErrorCode.ROOM_FULL, ErrorCode.REPLACED).map(ErrorCode::wire).toList());
  }
}
