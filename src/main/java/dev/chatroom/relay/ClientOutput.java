package dev.chatroom.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.util.Arrays;

/**
 * One connection's outgoing bytes: queued as slices of the relayed lines (no copy) until the one
 * write per event, then counted against the node's {@link OutputBudget} until the socket has
 * written them. That write is one pooled direct buffer assembled from the slices: a composite of
 * heap slices would be merged into a fresh heap ByteBuffer by Netty and then copied again into
 * a direct one (12.7% of the relay's time in a profile); this way each byte is copied once.
 * When every part is already direct (relayed lines shared by their recipients, {@link SharedLine})
 * nothing is copied: the parts themselves are written, one gathering write.
 */
final class ClientOutput {
  private final NetSocketInternal socket;
  private final ByteBufAllocator alloc;
  private final OutputBudget budget;
  private final RelayStats stats;
  private ByteBuf[] out; // every part, in order: a bare array made on the first write (an ArrayList costs 48 bytes more)
  private int parts;
  private ByteBuf[] owned; // the parts that are our references to release, made on the first shared line
  private int ownedParts;
  private int outBytes;
  private long inSocket; // handed to the socket and not yet written by it
  private boolean released;

  ClientOutput(NetSocket socket, OutputBudget budget, RelayStats stats) {
    this.socket = (NetSocketInternal) socket;
    this.alloc = this.socket.channelHandlerContext().alloc();
    this.budget = budget;
    this.stats = stats;
  }

  /** Queues bytes for the next write (the caller marks the connection dirty). */
  void add(Buffer bytes) {
    queue(((BufferInternal) bytes).getByteBuf());
  }

  /** Queues a reference to a direct buffer: written as it is, or released once copied or dropped. */
  void addOwned(ByteBuf direct) {
    if (owned == null) {
      owned = new ByteBuf[4];
    } else if (ownedParts == owned.length) {
      owned = Arrays.copyOf(owned, ownedParts * 2);
    }
    owned[ownedParts++] = direct;
    queue(direct);
  }

  private void queue(ByteBuf part) {
    if (out == null) {
      out = new ByteBuf[4]; // a delivery is three parts: head, line, tail
    } else if (parts == out.length) {
      out = Arrays.copyOf(out, parts * 2);
    }
    out[parts++] = part;
    outBytes += part.readableBytes();
  }

  /** Writes everything queued in one socket write. */
  void writeQueued() {
    if (outBytes == 0) {
      drop();
      return;
    }
    stats.bytesOut.add(outBytes);
    ByteBuf all = ownedParts == parts ? joined() : copied();
    long bytes = outBytes;
    forgetOwned(); // joined: the socket holds the references now; copied: already released
    clearParts();
    inSocket += bytes;
    budget.add(bytes);
    // Netty releases the buffer once written (or failed); failed writes are gone too
    socket.writeMessage(all).onComplete(r -> written(bytes));
  }

  /** The owned direct parts as one buffer, without a copy: the socket takes the references. */
  private ByteBuf joined() {
    if (parts == 1) {
      return out[0];
    }
    CompositeByteBuf joined = alloc.compositeDirectBuffer(parts);
    for (int i = 0; i < parts; i++) {
      joined.addComponent(true, out[i]);
    }
    return joined;
  }

  /** Every part copied into one pooled direct buffer; the owned ones are released. */
  private ByteBuf copied() {
    ByteBuf all = alloc.directBuffer(outBytes, outBytes);
    for (int i = 0; i < parts; i++) {
      ByteBuf part = out[i];
      all.writeBytes(part, part.readerIndex(), part.readableBytes()); // the parts stay as they were: shared
    }
    releaseOwned();
    return all;
  }

  /** Forgets what is queued and not yet written (the connection is being cut). */
  void drop() {
    releaseOwned();
    clearParts();
  }

  private void clearParts() {
    if (out != null) {
      Arrays.fill(out, 0, parts, null); // written or dropped: the read buffers they slice may go
    }
    parts = 0;
    outBytes = 0;
  }

  private void releaseOwned() {
    for (int i = 0; i < ownedParts; i++) {
      owned[i].release();
    }
    forgetOwned();
  }

  private void forgetOwned() {
    if (owned != null) {
      Arrays.fill(owned, 0, ownedParts, null);
    }
    ownedParts = 0;
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
