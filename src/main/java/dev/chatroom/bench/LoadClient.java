package dev.chatroom.bench;

import dev.chatroom.crypto.MessageOpener;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** One member's socket in a load run, with what its receiver thread knows about it. */
final class LoadClient {
  private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

  final int index;
  final String nick;
  final SocketChannel channel;
  ByteBuffer in = ByteBuffer.allocate(256 * 1024);
  /**
   * Per sender: distinct messages received so far (written by this member's receiver thread,
   * read by the senders' window through {@link #receivedFrom}), and the next sequence expected.
   */
  final long[] unique;
  final long[] nextSeq;
  final MessageOpener opener;

  LoadClient(int index, InetSocketAddress server, int senders, boolean realCrypto) throws IOException {
    this(index, Workload.nick(index), server, senders, realCrypto);
  }

  LoadClient(int index, String nick, InetSocketAddress server, int senders, boolean realCrypto) throws IOException {
    this.index = index;
    this.nick = nick;
    this.channel = SocketChannel.open();
    channel.socket().setTcpNoDelay(true);
    channel.connect(server);
    channel.configureBlocking(false);
    unique = new long[senders];
    nextSeq = new long[senders];
    opener = realCrypto ? new MessageOpener() : null;
  }

  /** One more distinct message from {@code sender}; called by this member's receiver thread only. */
  void received(int sender) { COUNTS.setOpaque(unique, sender, unique[sender] + 1); }

  /** Distinct messages from {@code sender} so far, as any thread sees them now. */
  long receivedFrom(int sender) { return (long) COUNTS.getOpaque(unique, sender); }

  /** Sends {@code line} whole; waits for socket space, but never past {@code deadlineNanos}. */
  void writeFully(ByteBuffer line, long deadlineNanos) throws IOException {
    while (line.hasRemaining()) {
      if (channel.write(line) == 0) {
        if (System.nanoTime() > deadlineNanos) {
          throw new IOException("the server stopped reading from " + nick);
        }
        java.util.concurrent.locks.LockSupport.parkNanos(20_000);
      }
    }
  }

  /**
   * Reads until a whole line starting with {@code prefix} arrives and returns it; bytes after it
   * stay in {@link #in}. An {@code error} frame first ends the wait with an exception.
   */
  String awaitLine(String prefix, long deadlineNanos) throws IOException {
    try (Selector selector = Selector.open()) {
      channel.register(selector, SelectionKey.OP_READ);
      while (true) {
        String line = takeLine(prefix);
        if (line != null) {
          return line;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          throw new IOException(nick + " got no answer from the server in time");
        }
        selector.select(Math.max(1, left / 1_000_000));
        if (channel.read(in) < 0) {
          throw new IOException("the server closed the connection of " + nick);
        }
        if (!in.hasRemaining()) {
          in = grow(in);
        }
      }
    }
  }

  private String takeLine(String prefix) throws IOException {
    byte[] a = in.array();
    int start = 0;
    for (int i = 0; i < in.position(); i++) {
      if (a[i] == '\n') {
        String line = new String(a, start, i - start, StandardCharsets.UTF_8);
        start = i + 1;
        if (line.startsWith("{\"type\":\"error\"") || line.startsWith("-ERR")) {
          throw new IOException("the server refused " + nick + ": " + line);
        }
        if (line.startsWith(prefix)) {
          in.limit(in.position()).position(start);
          in.compact();
          return line;
        }
      }
    }
    return null;
  }

  static ByteBuffer grow(ByteBuffer b) {
    ByteBuffer bigger = ByteBuffer.allocate(b.capacity() * 2);
    b.flip();
    bigger.put(b);
    return bigger;
  }

  void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing at the end of a run; nothing to do
    }
  }
}
