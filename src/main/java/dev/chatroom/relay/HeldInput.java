package dev.chatroom.relay;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A connection's frames that must wait for work in flight (a join, an auth, a welcome): while
 * held they queue here and the socket is paused, so a client cannot pile them up unbounded.
 */
final class HeldInput {
  private final NetSocket socket;
  private final Consumer<Buffer> handler;
  private ArrayDeque<Buffer> backlog; // made on first use: most connections never need one
  private int holds;
  private boolean closed;

  HeldInput(NetSocket socket, Consumer<Buffer> handler) {
    this.socket = socket;
    this.handler = handler;
  }

  /** Handles {@code line} now, or queues it behind the work being waited for. */
  void offer(Buffer line) {
    if (closed) {
      return;
    }
    if (holds == 0) {
      handler.accept(line);
      return;
    }
    if (backlog == null) {
      backlog = new ArrayDeque<>(4);
    }
    backlog.add(line);
  }

  /** Later frames wait until as many {@link #release}s. */
  void hold() {
    if (holds++ == 0) {
      socket.pause();
    }
  }

  void release() {
    if (--holds > 0) {
      return;
    }
    while (holds == 0 && !closed && backlog != null && !backlog.isEmpty()) {
      handler.accept(backlog.poll());
    }
    if (holds == 0 && !closed) {
      socket.resume();
    }
  }

  /** The connection is closed: nothing queued is handled. */
  void close() {
    closed = true;
    backlog = null;
  }
}
