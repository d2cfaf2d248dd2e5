package dev.chatroom.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * One connection's outgoing bytes: queued as slices of the relayed lines (no copy) until the one
 * write per event, then counted against the node's {@link OutputBudget} until the socket has
 * written them. That write is one pooled direct buffer assembled from the slices: a composite of
 * heap slices would be merged into a fresh heap ByteBuffer by Netty and then copied again into
 * a direct one (12.7% of the relay's time in a profile); this way each byte is copied once.
 */
final class ClientOutput {
  private final NetSocketInternal socket;
  private final ByteBufAllocator alloc;
  private final OutputBudget budget;
  private final RelayStats stats;
  private ByteBuf[] out; // the queued slices: a bare array from the first write on (an ArrayList costs 48 bytes more)
  private int parts;
  private int outBytes;
  private long inSocket; // handed to the socket and not yet written by it
  private boolean released;

  ClientOutput(NetSocket socket, OutputBudget budget, RelayStats stats) {
    this.socket = (NetSocketInternal) socket;
    this.alloc = this.socket.channelHandlerContext().alloc();
    this.budget = budget;
    this.stats = stats;
  }

  /** Queues bytes for the next write; true when nothing was queued before (the caller marks it dirty). */
  boolean add(Buffer bytes) {
    boolean first = parts == 0;
    if (out == null) {
      out = new ByteBuf[4]; // a delivery is three parts: head, line, tail
    } else if (parts == out.length) {
      out = java.util.Arrays.copyOf(out, parts * 2);
    }
    out[parts++] = ((BufferInternal) bytes).getByteBuf();
    outBytes += bytes.length();
    return first;
  }

  /** Writes everything queued in one socket write. */
  void writeQueued() {
    if (outBytes == 0) {
      drop();
      return;
    }
    stats.bytesOut.add(outBytes);
    ByteBuf all = alloc.directBuffer(outBytes, outBytes);
    for (int i = 0; i < parts; i++) {
      ByteBuf part = out[i];
      all.writeBytes(part, part.readerIndex(), part.readableBytes()); // the parts stay as they were: shared
    }
    long bytes = outBytes;
    clearParts();
    inSocket += bytes;
    budget.add(bytes);
    // Netty releases the buffer once written (or failed); failed writes are gone too
    socket.writeMessage(all).onComplete(r -> written(bytes));
  }

  /** Forgets what is queued and not yet written (the connection is being cut). */
  void drop() {
    clearParts();
  }

  private void clearParts() {
    if (out != null) {
      java.util.Arrays.fill(out, 0, parts, null); // written or dropped: the read buffers they slice may go
    }
    parts = 0;
    outBytes = 0;
  }

  /** Bytes queued for the next write. */
  int queued() { return outBytes; }

  /** Bytes the socket still holds for this client: how far behind it is. */
  long inSocket() { return inSocket; }

  /** The socket is gone: nothing it held counts any more, whatever its write callbacks say later. */
  void release() {
    if (!released) {
      released = true;
      budget.remove(inSocket);
      inSocket = 0;
    }
  }

  private void written(long bytes) {
    if (!released) {
      inSocket -= bytes;
      budget.remove(bytes);
    }
  }
}
