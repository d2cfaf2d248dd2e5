package dev.chatroom.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 that reads the JSON Lines passing through and, per direction, a
 * rule decides for each whole line: forward it, drop it, or cut the connection right there
 * (after forwarding half of that line, so the far side holds a torn frame). A cut happens on
 * the first connection only, counted in frames, so where a burst is cut does not depend on
 * timing; later connections pass untouched (the client reconnects through them).
 */
final class LineProxy implements AutoCloseable {
  enum Direction { TO_RELAY, TO_CLIENT }

  enum Action { FORWARD, DROP, CUT }

  /** Decides for line {@code line} of connection {@code connection} (0 for the first). */
  interface Rule {
    Action on(int connection, String line);
  }

  private final ServerSocket server;
  private final int target;
  private final Rule toRelay;
  private final Rule toClient;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger cuts = new AtomicInteger();
  private final List<Socket> live = new ArrayList<>();

  LineProxy(int target, Rule toRelay, Rule toClient) throws IOException {
    this.target = target;
    this.toRelay = toRelay;
    this.toClient = toClient;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "line-proxy");
    t.setDaemon(true);
    t.start();
  }

  /** Cuts {@code direction} of the first connection once {@code after} lines of {@code type} went. */
  static LineProxy cutting(int target, Direction direction, String type, int after) throws IOException {
    String prefix = "{\"type\":\"" + type + "\"";
    AtomicInteger seen = new AtomicInteger();
    Rule cut = (conn, line) -> conn == 0 && line.startsWith(prefix) && seen.incrementAndGet() > after
        ? Action.CUT : Action.FORWARD;
    Rule pass = (conn, line) -> Action.FORWARD;
    return direction == Direction.TO_RELAY ? new LineProxy(target, cut, pass) : new LineProxy(target, pass, cut);
  }

  /** Swallows every line of {@code type} going {@code direction}, on every connection. */
  static LineProxy dropping(int target, Direction direction, String type) throws IOException {
    String prefix = "{\"type\":\"" + type + "\"";
    Rule drop = (conn, line) -> line.startsWith(prefix) ? Action.DROP : Action.FORWARD;
    Rule pass = (conn, line) -> Action.FORWARD;
    return direction == Direction.TO_RELAY ? new LineProxy(target, drop, pass) : new LineProxy(target, pass, drop);
  }

  int port() { return server.getLocalPort(); }

  /** How many times a connection was cut by a rule. */
  int cuts() { return cuts.get(); }

  /** How many connections came through (a reconnect is one more). */
  int connections() { return connections.get(); }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        int n = connections.getAndIncrement();
        synchronized (live) {
          live.add(client);
          live.add(upstream);
        }
        pipe(n, client, upstream, toRelay);
        pipe(n, upstream, client, toClient);
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection end
      }
    }
  }

  private void pipe(int connection, Socket from, Socket to, Rule rule) {
    Thread t = new Thread(() -> {
      try (InputStream in = new BufferedInputStream(from.getInputStream()); OutputStream out = to.getOutputStream()) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
          line.write(b);
          if (b != '\n') {
            continue; // wait for the rest of the line
          }
          byte[] bytes = line.toByteArray();
          line.reset();
          Action a = rule.on(connection, new String(bytes, StandardCharsets.UTF_8));
          if (a == Action.FORWARD) {
            out.write(bytes);
            out.flush();
          } else if (a == Action.CUT) {
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            cuts.incrementAndGet();
            break;
          }
        }
      } catch (IOException ignored) {
        // one side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "line-proxy-pipe");
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
    synchronized (live) {
      live.forEach(LineProxy::closeQuietly);
    }
  }
}
