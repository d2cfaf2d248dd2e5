package dev.chatroom.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One connection's outgoing bytes: queued as slices of the relayed lines (no copy) until the one
 * write per event, then counted against the node's {@link OutputBudget} until the socket has
 * written them. That write is one pooled direct buffer assembled from the slices: a composite of
 * heap slices would be merged into a fresh heap ByteBuffer by Netty and then copied again into
 * a direct one (12.7% of the relay's time in a profile); this way each byte is copied once.
 * Relayed lines shared by their recipients ({@link SharedLine}) are already direct and are never
 * copied: they are written as they are, with the client's own bytes between them copied once,
 * one gathering write; each shared line counts against the budget once however many sockets
 * hold it.
 *
 * <p>Writes go straight into the channel's pipeline, not through Vert.x's outbound queue: that
 * queue fails the writes it still holds when the channel closes without releasing their buffers,
 * so a reader cut for being slow leaked every shared line it had queued there. Netty releases a
 * buffer and completes its promise whatever happens to the write.
 */
final class ClientOutput {
  /** Less than this not yet taken by the kernel: the reader is keeping up. */
  private static final int KEEPING_UP = 64 * 1024;
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
  private long ownInSocket; // of those, the bytes that are not shared lines
  private ArrayDeque<SharedLine[]> linesInSocket; // the shared lines of each write not yet written, oldest first

  ClientOutput(NetSocket socket, OutputBudget budget, RelayStats stats) {
    this.ctx = ((NetSocketInternal) socket).channelHandlerContext();
    this.budget = budget;
    this.stats = stats;
  }

  /** Queues bytes for the next write (the caller marks the connection dirty). */
  void add(Buffer bytes) {
    queue(((BufferInternal) bytes).getByteBuf());
  }

  /** Queues a line many recipients share: a reference to its direct copy, written as it is or released if dropped. */
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
    long ownBytes = outBytes - sharedBytes(); // the shared lines count once each, below
    ByteBuf all = ownedParts == 0 ? copy(0, parts, outBytes) : ownedParts == parts ? joined() : interleaved();
    SharedLine[] held = ownedParts == 0 ? null : Arrays.copyOf(ownedLines, ownedParts);
    if (held != null) {
      for (SharedLine line : held) {
        line.handedToSocket(budget);
      }
      forgetOwned(); // the socket holds the references now
      if (linesInSocket == null) {
        linesInSocket = new ArrayDeque<>(4);
      }
      linesInSocket.addLast(held);
    }
    clearParts();
    budget.add(ownBytes);
    inSocket += bytes;
    ownInSocket += ownBytes;
    ChannelPromise promise = ctx.newPromise().addListener(f -> written(bytes, ownBytes, held));
    ctx.writeAndFlush(all, promise); // Netty releases the buffer once written, failed or closed
  }

  private long sharedBytes() {
    long shared = 0;
    for (int i = 0; i < ownedParts; i++) {
      shared += owned[i].readableBytes();
    }
    return shared;
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

  /**
   * Shared lines among bytes of this client's own (an ack between deliveries, say): the shared
   * ones are taken as they are, each run of the others copied once into a direct buffer of its
   * own. Copying the shared lines too would copy every delivery to a member that also sends.
   */
  private ByteBuf interleaved() {
    CompositeByteBuf joined = ctx.alloc().compositeDirectBuffer(parts);
    int nextOwned = 0;
    int runStart = 0;
    int runBytes = 0;
    for (int i = 0; i <= parts; i++) {
      boolean shared = i < parts && nextOwned < ownedParts && out[i] == owned[nextOwned];
      if (i == parts || shared) {
        if (runBytes > 0) {
          joined.addComponent(true, copy(runStart, i, runBytes));
        }
        runStart = i + 1;
        runBytes = 0;
        if (shared) {
          joined.addComponent(true, out[i]);
          nextOwned++;
        }
      } else {
        runBytes += out[i].readableBytes();
      }
    }
    return joined;
  }

  /** Parts {@code from} to {@code to} (exclusive), {@code bytes} in all, copied into one pooled direct buffer. */
  private ByteBuf copy(int from, int to, int bytes) {
    ByteBuf all = ctx.alloc().directBuffer(bytes, bytes);
    for (int i = from; i < to; i++) {
      ByteBuf part = out[i];
      all.writeBytes(part, part.readerIndex(), part.readableBytes()); // the parts stay as they were: shared
    }
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

  /**
   * The socket holds as much as it may ({@code max_write_queue_bytes}): a slow consumer. A channel
   * the peer has closed is not writable either, and is not one (its close is on its way).
   */
  boolean full() { return !ctx.channel().isWritable() && ctx.channel().isActive(); }

  /** Bytes the socket takes before it counts as full, less what is queued and not yet written. */
  private long headroom() { return ctx.channel().bytesBeforeUnwritable() - outBytes; }

  /**
   * Whether {@code bytes} more (a stored frame and a margin) may be written now: always to an idle
   * socket, so every reader makes progress whatever a frame's size; never past the socket's
   * bound; and past the node's nearly spent budget only to a reader keeping up, so the readers
   * that are behind pause and those that read go on. True for some bytes means true for fewer.
   */
  boolean hasRoomFor(long bytes) {
    long behind = inSocket + outBytes;
    if (behind == 0) {
      return true;
    }
    return headroom() >= bytes && (behind < KEEPING_UP || budget.hasRoomFor(outBytes + bytes));
  }

  /** Bytes the socket still holds for this client: how far behind it is. */
  long inSocket() { return inSocket; }

  /** Of {@link #inSocket}, the bytes that are this client's alone (not shared lines). */
  long ownInSocket() { return ownInSocket; }

  /** Each shared line the socket still holds for this client, once per write holding it. */
  void forEachLineInSocket(Consumer<SharedLine> each) {
    if (linesInSocket != null) {
      for (SharedLine[] write : linesInSocket) {
        for (SharedLine line : write) {
          each.accept(line);
        }
      }
    }
  }

  /** Runs once per write, when written, failed or dropped with a closed channel. */
  private void written(long bytes, long ownBytes, SharedLine[] held) {
    inSocket -= bytes;
    ownInSocket -= ownBytes;
    budget.remove(ownBytes);
    if (held != null) {
      for (SharedLine line : held) {
        line.doneBySocket(budget);
      }
      if (linesInSocket.peekFirst() == held) { // a channel completes its writes in order
        linesInSocket.pollFirst();
      } else {
        linesInSocket.removeFirstOccurrence(held);
      }
    }
  }
}
