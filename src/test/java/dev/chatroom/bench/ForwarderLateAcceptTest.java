package dev.chatroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.TestIdentities;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The forwarder has no hello, so a member is in from when the forwarder takes its socket, which
 * can be later than the client's connect. A run must not count the lines sent before then as
 * lost: the generator waits until every member is in.
 */
class ForwarderLateAcceptTest {
  /** Forwards each read to the members it has taken; it takes the last one only after a while. */
  private static final class LateForwarder implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    final List<Socket> members = new CopyOnWriteArrayList<>();
    private final int roomSize;
    private final long lateMillis;

    LateForwarder(int roomSize, long lateMillis) throws IOException {
      this.roomSize = roomSize;
      this.lateMillis = lateMillis;
      Thread acceptor = new Thread(this::acceptAll, "late-forwarder");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void acceptAll() {
      try {
        for (int i = 0; i < roomSize; i++) {
          Socket s = server.accept();
          if (i == roomSize - 1) {
            Thread.sleep(lateMillis); // taken late: what the others send meanwhile does not reach it
          }
          members.add(s);
          Thread reader = new Thread(() -> forward(s), "late-forwarder-" + i);
          reader.setDaemon(true);
          reader.start();
        }
      } catch (IOException | InterruptedException e) {
        // closed at the end of the test
      }
    }

    private void forward(Socket from) {
      byte[] buf = new byte[64 * 1024];
      int pending = 0; // bytes after the last newline, kept for the next read
      try (InputStream in = from.getInputStream()) {
        for (int n; (n = in.read(buf, pending, buf.length - pending)) > 0; ) {
          int end = pending + n;
          int last = end - 1;
          while (last >= 0 && buf[last] != '\n') {
            last--;
          }
          if (last >= 0) {
            for (Socket to : members) {
              if (to != from) {
                synchronized (to) {
                  OutputStream out = to.getOutputStream();
                  out.write(buf, 0, last + 1);
                  out.flush();
                }
              }
            }
          }
          pending = end - (last + 1);
          System.arraycopy(buf, last + 1, buf, 0, pending);
        }
      } catch (IOException e) {
        // the member left
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : members) {
        s.close();
      }
    }
  }

  @Test
  void aMemberTheForwarderTakesLateMissesNothing() throws Exception {
    Workload w = new Workload(2, 2, 0, 256, Duration.ZERO, Duration.ofMillis(800), false, 2048, 4);
    try (LateForwarder forwarder = new LateForwarder(2, 500)) {
      BenchResult r = new LoadGenerator(w, TestIdentities.fresh(),
          new InetSocketAddress("127.0.0.1", forwarder.server.getLocalPort()), false).run("forwarder");
      assertTrue(r.sent() > 0, "the run sent nothing");
      assertEquals("", r.problem());
    }
  }
}
