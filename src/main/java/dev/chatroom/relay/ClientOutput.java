package dev.chatroom.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
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
 * nothing is copied: the parts themselves are written, one gathering write, and each shared line
 * counts against the budget once however many sockets hold it.
 *
 * <p>Writes go straight into the channel's pipeline, not through Vert.x's outbound queue: that
 * queue fails the writes it still holds when the channel closes without releasing their buffers,
 * so a reader cut for being slow leaked every shared line it had queued there. Netty releases a
 * buffer and completes its promise whatever happens to the write.
 */
final class ClientOutput {
  private final ChannelHandlerContext ctx;
  private final OutputBudget budget;
  private final RelayStats stats;
  private ByteBuf[] out; // every part, in order: a bare array made on the first write (an ArrayList costs 48 bytes more)
  private int parts;
  private ByteBuf[] owned; // the parts that are our references to release, made on the first shared line
  private SharedLine[] ownedLines; // the line each owned part is a reference to, same index
  private int ownedParts;
  private int outBytes;
  private long inSocket; // handed to the socket and not yet written by it

  ClientOutput(NetSocket socket, OutputBudget budget, RelayStats stats) {
    this.ctx = ((NetSocketInternal) socket).channelHandlerContext();
    this.budget = budget;
    this.stats = stats;
  }

  /** Queues bytes for the next write (the caller marks the connection dirty). */
  void add(Buffer bytes) {
    queue(((BufferInternal) bytes).getByteBuf());
  }

  /** Queues a line many recipients share: a reference to its direct copy, written as it is or released once copied or dropped. */
  void add(SharedLine line) {
    if (owned == null) {
      owned = new ByteBuf[4];
      ownedLines = new SharedLine[4];
    } else if (ownedParts == owned.length) {
      owned = Arrays.copyOf(owned, ownedParts * 2);
      ownedLines = Arrays.copyOf(ownedLines, ownedParts * 2);
    }
    ByteBuf direct = line.retainedDirect();
    owned[ownedParts] = direct;
    ownedLines[ownedParts++] = line;
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
    long bytes = outBytes;
    ChannelPromise promise = ctx.newPromise();
    ByteBuf all;
    if (ownedParts == parts) {
      all = joined();
      SharedLine[] held = Arrays.copyOf(ownedLines, ownedParts);
      for (SharedLine line : held) {
        line.handedToSocket(budget);
      }
      promise.addListener(f -> written(bytes, held));
      forgetOwned(); // the socket holds the references now
    } else {
      all = copied(); // releases the owned parts
      budget.add(bytes);
      promise.addListener(f -> written(bytes, null));
    }
    clearParts();
    inSocket += bytes;
    ctx.writeAndFlush(all, promise); // Netty releases the buffer once written, failed or closed
  }

  /** The owned direct parts as one buffer, without a copy: the socket takes the references. */
  private ByteBuf joined() {
    if (parts == 1) {
      return out[0];
    }
    CompositeByteBuf joined = ctx.alloc().compositeDirectBuffer(parts);
    for (int i = 0; i < parts; i++) {
      joined.addComponent(true, out[i]);
    }
    return joined;
  }

  /** Every part copied into one pooled direct buffer; the owned ones are released. */
  private ByteBuf copied() {
    ByteBuf all = ctx.alloc().directBuffer(outBytes, outBytes);
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

  /**
   * Closes the channel at once, dropping what is queued. Closing through the channel would pass
   * Vert.x's handler, whose close is graceful: it waits until the peer has read everything
   * written, so a reader that never reads again would keep its socket and its buffers for ever.
   * This context's close starts below that handler.
   */
  void closeNow() {
    drop();
    ctx.close();
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
      Arrays.fill(ownedLines, 0, ownedParts, null);
    }
    ownedParts = 0;
  }

  /** The socket holds as much as it may ({@code max_write_queue_bytes}): a slow consumer. */
  boolean full() { return !ctx.channel().isWritable(); }

  /** Bytes queued for the next write. */
  int queued() { return outBytes; }

  /** Bytes the socket still holds for this client: how far behind it is. */
  long inSocket() { return inSocket; }

  /** Runs once per write, when written, failed or dropped with a closed channel. */
  private void written(long bytes, SharedLine[] held) {
    inSocket -= bytes;
    if (held == null) {
      budget.remove(bytes);
    } else {
      for (SharedLine line : held) {
        line.doneBySocket(budget);
      }
    }
  }
}
