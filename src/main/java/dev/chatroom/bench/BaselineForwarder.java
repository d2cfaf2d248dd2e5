package dev.chatroom.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The limit to compare the relay with: plain NIO on one thread, no parsing. Each read's whole
 * lines (up to the last newline, so two senders' lines never interleave) go to every other
 * connection in one write; what a socket cannot take yet waits in that connection's queue.
 */
public final class BaselineForwarder implements AutoCloseable {
  private final Selector selector;
  private final ServerSocketChannel server;
  private final List<Peer> peers = new ArrayList<>();
  private final Thread thread;
  private volatile boolean closed;

  private static final class Peer {
    final SocketChannel channel;
    final SelectionKey key;
    ByteBuffer in = ByteBuffer.allocate(256 * 1024);
    boolean dead;
    final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();

    Peer(SocketChannel channel, SelectionKey key) {
      this.channel = channel;
      this.key = key;
    }
  }

  private BaselineForwarder() throws IOException {
    selector = Selector.open();
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    thread = new Thread(this::loop, "baseline-forwarder");
    thread.setDaemon(true);
  }

  /** Listens on a free 127.0.0.1 port. */
  public static BaselineForwarder start() throws IOException {
    BaselineForwarder f = new BaselineForwarder();
    f.thread.start();
    return f;
  }

  public int port() {
    return server.socket().getLocalPort();
  }

  private void loop() {
    try {
      while (!closed) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            accept();
            continue;
          }
          Peer peer = (Peer) key.attachment();
          if (key.isWritable()) {
            drain(peer);
          }
          if (key.isValid() && key.isReadable()) {
            read(peer);
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      // the selector itself failed; the forwarder stops and the run reports the losses
    }
  }

  private void accept() throws IOException {
    SocketChannel ch;
    while ((ch = server.accept()) != null) {
      ch.configureBlocking(false);
      ch.socket().setTcpNoDelay(true);
      SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
      Peer peer = new Peer(ch, key);
      key.attach(peer);
      peers.add(peer);
    }
  }

  private void read(Peer from) {
    int n;
    try {
      n = from.channel.read(from.in);
    } catch (IOException e) {
      n = -1;
    }
    if (n < 0) {
      drop(from);
      peers.remove(from);
      return;
    }
    int last = lastNewline(from.in);
    if (last >= 0) {
      ByteBuffer lines = ByteBuffer.wrap(from.in.array(), 0, last + 1);
      for (Peer to : peers) {
        if (to != from) {
          send(to, lines.duplicate());
        }
      }
      peers.removeIf(p -> p.dead); // closed by a failed write above
      from.in.limit(from.in.position()).position(last + 1);
      from.in.compact();
    } else if (!from.in.hasRemaining()) {
      from.in = LoadClient.grow(from.in);
    }
  }

  private static int lastNewline(ByteBuffer in) {
    byte[] a = in.array();
    for (int i = in.position() - 1; i >= 0; i--) {
      if (a[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void send(Peer to, ByteBuffer bytes) {
    try {
      if (to.pending.isEmpty()) {
        to.channel.write(bytes);
      }
      if (bytes.hasRemaining()) {
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
        to.pending.add(copy);
        to.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
    } catch (IOException e) {
      drop(to);
    }
  }

  private void drain(Peer peer) {
    try {
      while (!peer.pending.isEmpty()) {
        ByteBuffer head = peer.pending.peek();
        peer.channel.write(head);
        if (head.hasRemaining()) {
          return;
        }
        peer.pending.poll();
      }
      peer.key.interestOps(SelectionKey.OP_READ);
    } catch (IOException e) {
      drop(peer);
      peers.remove(peer);
    }
  }

  private void drop(Peer peer) {
    peer.dead = true;
    peer.key.cancel();
    try {
      peer.channel.close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    selector.wakeup();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Peer p : new ArrayList<>(peers)) {
      drop(p);
    }
    server.close();
    selector.close();
  }
}
