package dev.chatroom.protocol;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * A Vert.x buffer's bytes for reading by absolute index. Vert.x's {@code getByteBuf()} makes a
 * new slice on every call (so a caller may move its indices); on the relay's hot path that was
 * two objects per frame and a twentieth of its time. Callers here only read, at given indices.
 */
public final class BufferBytes {
  private BufferBytes() {}

  /** The buffer's own ByteBuf when Vert.x's, else a slice: never move its indices or write to it. */
  public static ByteBuf readOnly(Buffer buffer) {
    return buffer instanceof BufferImpl impl ? impl.byteBuf() : ((BufferInternal) buffer).getByteBuf();
  }
}
