package dev.chatroom.protocol;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

/**
 * Splits a byte stream into JSON-Lines frames with Vert.x's {@link RecordParser}, enforcing the
 * maximum frame size (bytes before the newline). Once a frame is too large the framer reports it
 * once and ignores everything after: the connection is about to be closed.
 */
public final class LineFramer implements Handler<Buffer> {
  private final RecordParser parser;
  private final Runnable onTooLarge;
  private boolean failed;

  public LineFramer(int maxFrameBytes, Handler<Buffer> onFrame, Runnable onTooLarge) {
    if (maxFrameBytes < 1) {
      throw new IllegalArgumentException("maxFrameBytes must be positive");
    }
    this.onTooLarge = onTooLarge;
    this.parser = RecordParser.newDelimited("\n");
    parser.maxRecordSize(maxFrameBytes);
    // RecordParser only bounds a record still waiting for its newline; a whole line that
    // arrives in one chunk must be measured here.
    parser.handler(frame -> {
      if (failed) {
        return;
      }
      if (frame.length() > maxFrameBytes) {
        fail();
      } else {
        onFrame.handle(frame);
      }
    });
    parser.exceptionHandler(e -> fail());
  }

  @Override
  public void handle(Buffer chunk) {
    if (failed) {
      return;
    }
    try {
      parser.handle(chunk);
    } catch (IllegalStateException tooLong) {
      fail(); // RecordParser throws when no exception handler consumed the overflow
    }
  }

  public boolean failed() { return failed; }

  private void fail() {
    if (!failed) {
      failed = true;
      onTooLarge.run();
    }
  }
}
