package dev.chatroom.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP forwarder on 127.0.0.1 the test opens and shuts: while shut it closes every connection
 * at once, so a client's reconnects fail until the test is ready, with no timing involved.
 */
final class TcpGate implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> live = new ArrayList<>();
  private volatile int target = -1;

  TcpGate() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "tcp-gate");
    t.setDaemon(true);
    t.start();
  }

  int port() { return server.getLocalPort(); }

  /** From now on connections go through to {@code port} on 127.0.0.1. */
  void open(int port) { target = port; }

  /** Cuts every connection through the gate and refuses new ones until {@link #open}. */
  synchronized void shut() throws IOException {
    target = -1;
    for (Socket s : live) {
      s.close();
    }
    live.clear();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        int to = target;
        if (to < 0) {
          client.close();
          continue;
        }
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), to);
        synchronized (this) {
          live.add(client);
          live.add(upstream);
        }
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection end
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException ignored) {
        // one side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-gate-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    shut();
  }
}
