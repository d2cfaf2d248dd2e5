package dev.chatroom.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * {@code --sink}: a server that only reads and throws the bytes away, so that a run against it
 * measures what the load generator alone can send (docs/BENCHMARKS.md, "Is the generator the limit?").
 */
final class SinkServer implements AutoCloseable {
  private final Selector selector;
  private final ServerSocketChannel server;
  private final Thread thread;
  private volatile boolean closed;

  private SinkServer() throws IOException {
    selector = Selector.open();
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    thread = new Thread(this::loop, "bench-sink");
    thread.setDaemon(true);
  }

  static SinkServer start() throws IOException {
    SinkServer s = new SinkServer();
    s.thread.start();
    return s;
  }

  int port() { return server.socket().getLocalPort(); }

  private void loop() {
    ByteBuffer scratch = ByteBuffer.allocateDirect(1 << 20);
    try {
      while (!closed) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            SocketChannel ch;
            while ((ch = server.accept()) != null) {
              ch.configureBlocking(false);
              ch.register(selector, SelectionKey.OP_READ);
            }
          } else if (key.isReadable()) {
            SocketChannel ch = (SocketChannel) key.channel();
            scratch.clear();
            int n;
            try {
              n = ch.read(scratch);
            } catch (IOException e) {
              n = -1;
            }
            if (n < 0) {
              key.cancel();
              ch.close();
            }
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      // the selector failed; the sink stops and the generator's writes stall
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
    for (SelectionKey k : selector.keys()) {
      k.channel().close();
    }
    selector.close();
  }
}
