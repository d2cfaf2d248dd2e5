package dev.chatroom.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** JSON Lines encoding and strictly validated decoding of {@link Frame}s. */
public final class FrameCodec {
  // Deep nesting is never valid here; a low limit stops stack-eating inputs early.
  // A repeated key is refused at any depth: parsers disagree on which value wins, and what the
  // relay checks (say, 'from') must be what every receiver reads (PROTOCOL.md section 1).
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  // One object per line: trailing bytes would be forwarded verbatim to other clients.
  private static final ObjectMapper MAPPER = new ObjectMapper(JSON)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private FrameCodec() {}

  /** Decodes one frame from a buffer (a line without its newline), without copying its bytes. */
  public static Frame decode(Buffer line) throws ProtocolException {
    ByteBuf bytes = heapBytes(line);
    return decode(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
  }

  /**
   * The routing header of a valid {@code message} frame, read without building the frame; null
   * when the line is anything else (another type, or not valid), which {@link #decode} then
   * answers exactly. The relay's hot path.
   */
  public static MessageHeader messageHeader(Buffer line) {
    MessageHeader header = storedHeader(line);
    return header != null && header.isMessage() ? header : null;
  }

  /**
   * The routing header of a valid {@code message}, {@code group_message} or {@code sender_key},
   * read without building the frame or Strings of its encrypted fields; null when the line is
   * anything else, which {@link #decode} then answers exactly.
   */
  public static MessageHeader storedHeader(Buffer line) {
    ByteBuf bytes = heapBytes(line);
    byte[] array = bytes.array();
    int offset = bytes.arrayOffset() + bytes.readerIndex();
    MessageHeader canonical = GroupLine.scan(array, offset, bytes.readableBytes()); // no parser: most v2 traffic
    if (canonical == null) {
      canonical = MessageLine.scan(array, offset, bytes.readableBytes()); // version 1's (and mixed rooms')
    }
    return canonical != null ? canonical : MessageScanner.scan(JSON, array, offset, bytes.readableBytes());
  }

  /** The line's bytes as a heap buffer: its own array when it has one (no copy), else a copy. */
  private static ByteBuf heapBytes(Buffer line) {
    ByteBuf bytes = BufferBytes.readOnly(line);
    return bytes.hasArray() ? bytes : Unpooled.wrappedBuffer(line.getBytes());
  }

  /** Decodes one frame (the bytes of a line without its newline) and validates it. */
  public static Frame decode(byte[] line) throws ProtocolException {
    return decode(line, 0, line.length);
  }

  public static Frame decode(byte[] buf, int offset, int length) throws ProtocolException {
    JsonNode node;
    try {
      node = MAPPER.readTree(buf, offset, length);
    } catch (JsonParseException e) {
      boolean repeated = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
      throw new ProtocolException(ErrorCode.BAD_FRAME, repeated ? "frame has the same key twice in one object" : "frame is not valid JSON");
    } catch (IOException | RuntimeException e) {
      throw new ProtocolException(ErrorCode.BAD_FRAME, "frame is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new ProtocolException(ErrorCode.BAD_FRAME, "frame is not a JSON object");
    }
    return FrameReader.read((ObjectNode) node);
  }

  /** Encodes a frame as one JSON line, newline included. */
  public static byte[] encode(Frame frame) {
    ByteArrayBuilder out = new ByteArrayBuilder(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", frame.type());
      FrameWriter.writeFields(g, frame);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.append('\n');
    return out.toByteArray();
  }

  public static String encodeToString(Frame frame) {
    return new String(encode(frame), java.nio.charset.StandardCharsets.UTF_8);
  }
}
