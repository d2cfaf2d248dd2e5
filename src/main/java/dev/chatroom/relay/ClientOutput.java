package dev.chatroom.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;

/**
 * One connection's outgoing bytes: queued as slices of the relayed lines (no copy) until the one
 * write per event, then counted against the node's {@link OutputBudget} until the socket has
 * written them.
 */
final class ClientOutput {
  private final NetSocket socket;
  private final OutputBudget budget;
  private final RelayStats stats;
  private final ArrayList<ByteBuf> out = new ArrayList<>();
  private int outBytes;
  private long inSocket; // handed to the socket and not yet written by it
  private boolean released;

  ClientOutput(NetSocket socket, OutputBudget budget, RelayStats stats) {
    this.socket = socket;
    this.budget = budget;
    this.stats = stats;
  }

  /** Queues bytes for the next write; true when nothing was queued before (the caller marks it dirty). */
  boolean add(Buffer bytes) {
    boolean first = out.isEmpty();
    out.add(((BufferInternal) bytes).getByteBuf());
    outBytes += bytes.length();
    return first;
  }

  /** Writes everything queued in one socket write. */
  void writeQueued() {
    if (outBytes == 0) {
      out.clear();
      return;
    }
    stats.bytesOut.add(outBytes);
    ByteBuf all = out.size() == 1 ? out.get(0) : Unpooled.wrappedBuffer(out.size(), out.toArray(new ByteBuf[0]));
    long bytes = outBytes;
    out.clear();
    outBytes = 0;
    inSocket += bytes;
    budget.add(bytes);
    socket.write(BufferInternal.buffer(all)).onComplete(r -> written(bytes)); // failed writes are gone too
  }

  /** Forgets what is queued and not yet written (the connection is being cut). */
  void drop() {
    out.clear();
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
