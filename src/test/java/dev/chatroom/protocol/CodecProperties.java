package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The properties the codec fuzzers hold, shared by the Jazzer targets and the seeded mutation tests. */
final class CodecProperties {
  private static final JsonFactory STRICT = new JsonFactory();

  private CodecProperties() {}

  /**
   * Decoding any bytes yields a frame or a {@link ProtocolException}, never another throwable; a
   * decoded frame re-encodes to one newline-free line that decodes to an equal frame. An object
   * with a repeated key, at any depth, is {@code bad_frame} for both the full decoder and the
   * fast path (PROTOCOL.md section 1), judged here by an independent lenient parser.
   */
  static void decodeIsTotalAndRoundTrips(byte[] input) {
    MessageHeader fast = FrameCodec.storedHeader(Buffer.buffer(input));
    boolean repeated = hasRepeatedKey(input);
    if (repeated) {
      assertEquals(null, fast, "the relay's fast path vouched for a frame with a repeated key");
    }
    Frame frame;
    try {
      frame = FrameCodec.decode(input);
    } catch (ProtocolException e) {
      if (repeated) {
        assertEquals(ErrorCode.BAD_FRAME, e.code(), "a repeated key must be bad_frame: " + e.getMessage());
      }
      assertEquals(null, fast, "the relay's fast path accepted a frame the decoder refuses: " + e.getMessage());
      assertNotNull(e.code());
      assertNotNull(e.toFrame()); // the relay answers with this frame: it must encode too
      FrameCodec.encode(e.toFrame());
      return;
    }
    assertNotNull(frame);
    assertTrue(!repeated, "accepted a frame with a repeated key: " + frame);
    if (fast != null) {
      // whatever the fast path vouches for, the full decoder reads the same way
      assertEquals(MessageHeader.ofStored(frame), fast);
    }
    // The relay forwards an accepted message line byte for byte: it must be what PROTOCOL.md
    // promises every client, one UTF-8 JSON object and nothing else.
    assertTrue(isStrictUtf8(input), "accepted a frame that is not valid UTF-8");
    assertTrue(isOneJsonValue(input), "accepted a frame with content after the JSON object");
    byte[] line = FrameCodec.encode(frame);
    assertEquals('\n', line[line.length - 1]);
    for (int i = 0; i < line.length - 1; i++) {
      assertTrue(line[i] != '\n', "raw newline inside an encoded frame");
    }
    Frame again;
    try {
      again = FrameCodec.decode(line, 0, line.length - 1);
    } catch (ProtocolException e) {
      throw new AssertionError("re-encoded frame " + frame + " no longer decodes: " + e.getMessage(), e);
    }
    assertEquals(frame, again, "round trip changed the frame");
  }

  /**
   * Feeding {@code stream} to a {@link LineFramer} cut at {@code cuts} gives the frames (and the
   * too-large verdict) that splitting the whole stream on newlines gives, whatever the cuts.
   */
  static void framerIgnoresChunking(byte[] stream, int[] cuts, int maxFrameBytes) {
    List<String> expected = new ArrayList<>();
    boolean expectTooLarge = false;
    int start = 0;
    for (int i = 0; i <= stream.length && !expectTooLarge; i++) {
      boolean end = i == stream.length;
      if (!end && stream[i] != '\n') {
        continue;
      }
      int length = i - start;
      if (length > maxFrameBytes) {
        expectTooLarge = true; // a complete line, or the unterminated tail, is over the limit
      } else if (!end) {
        expected.add(hex(stream, start, length));
      }
      start = i + 1;
    }

    List<String> frames = new ArrayList<>();
    int[] tooLarge = {0};
    LineFramer framer = new LineFramer(maxFrameBytes,
        b -> frames.add(hex(b.getBytes(), 0, b.length())), () -> tooLarge[0]++);
    int from = 0;
    for (int cut : cuts) {
      int to = Math.max(from, Math.min(cut, stream.length));
      framer.handle(Buffer.buffer().appendBytes(stream, from, to - from));
      from = to;
    }
    framer.handle(Buffer.buffer().appendBytes(stream, from, stream.length - from));

    assertEquals(expected, frames, "frames depend on chunking");
    assertEquals(expectTooLarge ? 1 : 0, tooLarge[0], "too-large reported wrongly");
    assertEquals(expectTooLarge, framer.failed());
  }

  static boolean isStrictUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /**
   * True when a parser that lets the last value win (Jackson's default) reads an object with the
   * same key twice before anything else goes wrong: the inputs the codec must refuse as bad_frame.
   */
  static boolean hasRepeatedKey(byte[] b) {
    Deque<Set<String>> open = new ArrayDeque<>();
    try (JsonParser p = STRICT.createParser(b)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.START_OBJECT) {
          open.push(new HashSet<>());
        } else if (t == JsonToken.END_OBJECT) {
          open.pop();
        } else if (t == JsonToken.FIELD_NAME && !open.peek().add(p.currentName())) {
          return true;
        }
      }
    } catch (IOException | RuntimeException e) {
      return false; // not JSON (from here on): the decoder refuses it for that reason
    }
    return false;
  }

  static boolean isOneJsonValue(byte[] b) {
    try (JsonParser p = STRICT.createParser(b)) {
      p.nextToken();
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  private static String hex(byte[] b, int off, int len) {
    StringBuilder s = new StringBuilder(len * 2);
    for (int i = off; i < off + len; i++) {
      s.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
    }
    return s.toString();
  }
}
