package dev.chatroom.relay;

import dev.chatroom.protocol.BufferBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.buffer.Buffer;

/**
 * One relayed line for all its recipients on this node. The first recipient that writes to a
 * socket copies it, with its newline, into one pooled direct buffer; every recipient's write then
 * shares that buffer (a reference each) instead of copying the line again: one copy per message,
 * not one per delivery (53 KB per delivery at room 100). A version 2 {@code delivery} is the same
 * for every recipient too (room, seq, frame), so it is shared the same way, head and tail included.
 */
final class SharedLine {
  private static final byte[] NEWLINE = {'\n'};
  private static final byte[] DELIVERY_TAIL = {'}', '\n'};

  private final Buffer head; // null for a bare line
  private final Buffer line;
  private final byte[] tail;
  private ByteBuf direct; // made on first use; this object's own reference, released by release()
  private int inSockets; // writes of it handed to sockets and not yet done: it counts once against the budget while any is

  SharedLine(Buffer line) {
    this(null, line, NEWLINE);
  }

  private SharedLine(Buffer head, Buffer line, byte[] tail) {
    this.head = head;
    this.line = line;
    this.tail = tail;
  }

  /** A stored line wrapped as a {@code delivery} after {@code head} ({@link dev.chatroom.protocol.Deliveries#head}). */
  static SharedLine delivery(Buffer head, Buffer line) {
    return new SharedLine(head, line, DELIVERY_TAIL);
  }

  /** The bytes a socket is written: the head, the line and its newline or the delivery's tail. */
  int length() { return (head == null ? 0 : head.length()) + line.length() + tail.length; }

  /** The line without its newline, as it arrived (for a delivery: the inner frame). */
  Buffer line() { return line; }

  /** The line and its newline in a direct buffer: a new reference, which the caller releases or hands on. */
  ByteBuf retainedDirect() {
    if (direct == null) {
      ByteBuf heap = BufferBytes.readOnly(line);
      ByteBuf before = head == null ? null : BufferBytes.readOnly(head);
      int headBytes = before == null ? 0 : before.readableBytes();
      direct = ByteBufAllocator.DEFAULT.directBuffer(headBytes + heap.readableBytes() + tail.length);
      if (before != null) {
        direct.writeBytes(before, before.readerIndex(), headBytes);
      }
      direct.writeBytes(heap, heap.readerIndex(), heap.readableBytes()).writeBytes(tail);
    }
    return direct.retainedDuplicate();
  }

  /** Writes holding it that sockets have not yet written: whom the budget must cut to free it. */
  int inSockets() { return inSockets; }

  /** A socket took a write holding this line (on the node's event loop, as all of this). */
  void handedToSocket(OutputBudget budget) {
    if (inSockets++ == 0) {
      budget.add(length());
    }
  }

  /** A socket's write holding this line is done: once none holds it, its bytes no longer count. */
  void doneBySocket(OutputBudget budget) {
    if (--inSockets == 0) {
      budget.remove(length());
    }
  }

  /** Routing is done: what the recipients hold keeps the bytes until their sockets have written them. */
  void release() {
    if (direct != null) {
      direct.release();
      direct = null;
    }
  }
}
