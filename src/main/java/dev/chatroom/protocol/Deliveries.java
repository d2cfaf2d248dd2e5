package dev.chatroom.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;

/**
 * The relay's side of {@code delivery} (PROTOCOL.md section 11): wraps a stored frame's line, as
 * the sender wrote it, without parsing or re-serializing it. Clients decode deliveries with
 * {@link FrameCodec#decode} into a {@link Frame.Delivery}.
 */
public final class Deliveries {
  private static final byte[] SUFFIX = "}\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ROOM = "{\"type\":\"delivery\",\"room\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEQ = "\",\"seq\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FRAME = ",\"frame\":".getBytes(StandardCharsets.US_ASCII);

  private Deliveries() {}

  /**
   * {@code {"type":"delivery","room":<room>,"seq":<seq>,"frame":<inner>}} and its newline, as a
   * composite of a small header, {@code inner}'s own bytes (not copied) and the closing brace.
   *
   * @param inner one stored frame line, already validated, without its newline
   * @throws IllegalArgumentException for an invalid room, a negative seq, or an inner line that
   *     is empty or ends with a newline (which would split the frame in two)
   */
  public static Buffer wrap(String room, long seq, Buffer inner) {
    if (!Names.isValidRoom(room) || seq < 0) {
      throw new IllegalArgumentException("a delivery needs a valid room and a non-negative seq");
    }
    int length = inner.length();
    if (length == 0 || inner.getByte(length - 1) == '\n') {
      throw new IllegalArgumentException("a delivery wraps one frame line without its newline");
    }
    ByteBuf whole = Unpooled.wrappedBuffer(((BufferInternal) head(room, seq)).getByteBuf(),
        ((BufferInternal) inner).getByteBuf(), Unpooled.wrappedBuffer(SUFFIX));
    return BufferInternal.buffer(whole);
  }

  /**
   * The start of a delivery, up to and including {@code "frame":}; the inner line and
   * {@code "}\n"} follow. The relay writes these three pieces so one stored line can be shared by
   * every recipient's output without a copy.
   */
  public static Buffer head(String room, long seq) {
    if (!Names.isValidRoom(room) || seq < 0) {
      throw new IllegalArgumentException("a delivery needs a valid room and a non-negative seq");
    }
    // room names are [A-Za-z0-9_-]: nothing to escape, a byte per char. Written straight into
    // bytes: one per stored frame, and the concatenation and its encoding were 5% of a room of two
    String digits = Long.toString(seq);
    byte[] out = new byte[ROOM.length + room.length() + SEQ.length + digits.length() + FRAME.length];
    int at = AsciiBytes.putAscii(out, AsciiBytes.put(out, 0, ROOM), room);
    at = AsciiBytes.putAscii(out, AsciiBytes.put(out, at, SEQ), digits);
    AsciiBytes.put(out, at, FRAME);
    return Buffer.buffer(out);
  }
}
