package dev.chatroom.protocol;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Splits a byte stream into JSON-Lines frames, enforcing the maximum frame size (bytes before
 * the newline). A frame that arrives whole is handed on as a slice of the chunk, without a copy;
 * only a frame split across reads is assembled. Once a frame is too large the framer reports it
 * once and ignores everything after: the connection is about to be closed.
 *
 * <p>Not Vert.x's RecordParser: profiling the relay showed its byte-at-a-time scan as the
 * largest single cost; Netty's indexOf searches a word at a time. Given a {@link HeaderSink},
 * a canonical stored frame ({@code group_message} or {@code message}, as {@link CanonicalLine}
 * reads them) that arrives whole is found by checking it, not by a search for its newline first:
 * one pass over the commonest frames' bytes, not two.
 */
public final class LineFramer implements Handler<Buffer> {
  private static final byte NEWLINE = '\n';

  /** Takes a frame the framer has already read, with its header (as {@link FrameCodec#storedHeader} reads it). */
  public interface HeaderSink {
    void frame(Buffer line, MessageHeader header);
  }

  private int maxFrameBytes;
  private final Handler<Buffer> onFrame;
  private final HeaderSink onStored; // null: every frame goes to onFrame
  private final Runnable onTooLarge;
  private MessageHeader lastRead; // its Strings are reused by the next one's header
  private Buffer partial; // the start of a frame whose newline has not arrived yet
  private boolean failed;

  public LineFramer(int maxFrameBytes, Handler<Buffer> onFrame, Runnable onTooLarge) {
    this(maxFrameBytes, onFrame, null, onTooLarge);
  }

  /** Canonical stored frames that arrive whole go to {@code onStored}, every other frame to {@code onFrame}. */
  public LineFramer(int maxFrameBytes, Handler<Buffer> onFrame, HeaderSink onStored, Runnable onTooLarge) {
    if (maxFrameBytes < 1) {
      throw new IllegalArgumentException("maxFrameBytes must be positive");
    }
    this.maxFrameBytes = maxFrameBytes;
    this.onFrame = onFrame;
    this.onStored = onStored;
    this.onTooLarge = onTooLarge;
  }

  @Override
  public void handle(Buffer chunk) {
    int length = chunk.length();
    int start = 0;
    ByteBuf bytes = BufferBytes.readOnly(chunk);
    while (!failed && start < length) {
      if (partial == null && onStored != null && bytes.hasArray()) {
        // a newline at start + maxFrameBytes or later would make the frame too large: not looked for
        int limit = (int) Math.min(length - start, maxFrameBytes + 1L);
        CanonicalLine.Read whole = CanonicalLine.beforeNewline(bytes.array(), bytes.arrayOffset() + start, limit, lastRead);
        if (whole != null) {
          int newline = start + whole.length();
          Buffer frame = chunk.slice(start, newline);
          start = newline + 1;
          lastRead = whole.header();
          onStored.frame(frame, lastRead);
          continue;
        }
      }
      int newline = bytes.indexOf(start, length, NEWLINE);
      int pendingBytes = partial == null ? 0 : partial.length();
      int frameBytes = pendingBytes + (newline < 0 ? length : newline) - start;
      if (frameBytes > maxFrameBytes) {
        fail(); // caught as soon as it is too long, before its newline arrives
        return;
      }
      if (newline < 0) {
        if (partial == null) {
          partial = Buffer.buffer(Math.max(256, length - start));
        }
        partial.appendBuffer(chunk, start, length - start);
        return;
      }
      Buffer frame;
      if (partial == null) {
        frame = chunk.slice(start, newline);
      } else {
        frame = partial.appendBuffer(chunk, start, newline - start);
        partial = null;
      }
      start = newline + 1;
      onFrame.handle(frame);
    }
  }

  public boolean failed() { return failed; }

  public int maxFrameBytes() { return maxFrameBytes; }

  /** Changes the limit from the next byte on (the relay allows larger frames once a client has joined). */
  public void maxFrameBytes(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("maxFrameBytes must be positive");
    }
    maxFrameBytes = limit;
  }

  private void fail() {
    if (!failed) {
      failed = true;
      partial = null;
      onTooLarge.run();
    }
  }
}
