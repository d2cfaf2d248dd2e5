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
 * largest single cost; Netty's indexOf searches a word at a time.
 */
public final class LineFramer implements Handler<Buffer> {
  private static final byte NEWLINE = '\n';

  private int maxFrameBytes;
  private final Handler<Buffer> onFrame;
  private final Runnable onTooLarge;
  private Buffer partial; // the start of a frame whose newline has not arrived yet
  private boolean failed;

  public LineFramer(int maxFrameBytes, Handler<Buffer> onFrame, Runnable onTooLarge) {
    if (maxFrameBytes < 1) {
      throw new IllegalArgumentException("maxFrameBytes must be positive");
    }
    this.maxFrameBytes = maxFrameBytes;
    this.onFrame = onFrame;
    this.onTooLarge = onTooLarge;
  }

  @Override
  public void handle(Buffer chunk) {
    int length = chunk.length();
    int start = 0;
    ByteBuf bytes = BufferBytes.readOnly(chunk);
    while (!failed && start < length) {
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
