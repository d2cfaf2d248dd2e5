package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** PROTOCOL.md section 1: an object with the same key twice, at any depth, is bad_frame. */
class DuplicateKeysTest {

  /** Every valid seed with one of its keys (at any depth) written twice, same value or another. */
  static Stream<String> repeatedKeys() throws IOException {
    List<String> out = new ArrayList<>();
    for (byte[] seed : FuzzSeeds.all("RSA", "ED")) {
      try {
        FrameCodec.decode(seed);
        if (seed.length > 0 && seed[0] == (byte) 0xef) {
          continue; // the BOM-led seed: decodes, but offsets below count from after the BOM
        }
      } catch (ProtocolException invalid) {
        continue; // only frames that are valid without the repeat prove anything
      }
      String json = new String(seed, StandardCharsets.UTF_8);
      for (int[] member : members(json)) {
        String copy = json.substring(member[0], member[2]);
        String otherValue = json.substring(member[0], member[1]) + "\"other\"";
        out.add(json.substring(0, member[2]) + "," + copy + json.substring(member[2]));
        out.add(json.substring(0, member[2]) + "," + otherValue + json.substring(member[2]));
        out.add(json.substring(0, member[0]) + otherValue + "," + json.substring(member[0]));
      }
    }
    assertTrue(out.size() > 100, "too few cases: " + out.size());
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("repeatedKeys")
  void aRepeatedKeyAnywhereIsBadFrameForBothDecoders(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    assertNull(FrameCodec.messageHeader(Buffer.buffer(bytes)), "the fast path vouched for " + json);
    ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodec.decode(bytes), json);
    assertEquals(ErrorCode.BAD_FRAME, e.code());
    assertEquals("frame has the same key twice in one object", e.getMessage());
    CodecProperties.decodeIsTotalAndRoundTrips(bytes); // and the shared fuzz property agrees
  }

  /** The spoofing case: last-wins and first-wins parsers would read different senders. */
  @Test
  void aMessageWithTwoFromKeysIsRefused() {
    String one = FrameCodecTest.message("");
    String twoFroms = one.substring(0, one.length() - 1) + ",\"from\":\"mallory\"}";
    assertNull(FrameCodec.messageHeader(Buffer.buffer(twoFroms)));
    ProtocolException e = assertThrows(ProtocolException.class, () -> FrameCodecTest.decode(twoFroms));
    assertEquals(ErrorCode.BAD_FRAME, e.code());
  }

  @Test
  void aRepeatedRecipientIsRefusedNotMerged() {
    String json = FrameCodecTest.message("").replace("{\"bob\":\"AAAA\"}", "{\"bob\":\"AAAA\",\"carol\":\"B\",\"bob\":\"CCCC\"}");
    assertNull(FrameCodec.messageHeader(Buffer.buffer(json)));
    assertEquals(ErrorCode.BAD_FRAME, assertThrows(ProtocolException.class, () -> FrameCodecTest.decode(json)).code());
  }

  @Test
  void equalKeysInSiblingObjectsAreFine() throws ProtocolException {
    String json = "{\"type\":\"welcome\",\"nick\":\"a\",\"room\":\"b\",\"members\":["
        + "{\"nick\":\"bob\",\"enc_key\":\"e\",\"sig_key\":\"s\"},{\"nick\":\"carol\",\"enc_key\":\"e\",\"sig_key\":\"s\"}]}";
    assertNotNull(FrameCodecTest.decode(json));
    assertTrue(!CodecProperties.hasRepeatedKey(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** [start of key, start of value, end of value] of every object member, at every depth. */
  private static List<int[]> members(String json) throws IOException {
    List<int[]> out = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME) {
          int key = (int) p.currentTokenLocation().getCharOffset();
          p.nextToken();
          int value = (int) p.currentTokenLocation().getCharOffset();
          p.skipChildren();
          p.finishToken(); // a string's end is only known once it is read
          int end = (int) p.currentLocation().getCharOffset();
          out.add(new int[] {key, value, end});
        }
      }
    }
    return out;
  }
}
