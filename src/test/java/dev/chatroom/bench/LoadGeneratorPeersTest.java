package dev.chatroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.TestIdentities;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The generator against forwarders whose members are not all alike: one the forwarder takes
 * late (it has no hello, so a member is in from when its socket is taken), one it writes to
 * slowly (a saturated run must bound what the slowest member has not had, not the average).
 */
class LoadGeneratorPeersTest {
  /** Forwards every read's whole lines to the other members; member {@code late} is taken late, {@code slow} fed slowly. */
  private static final class OddForwarder implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final List<Socket> members = new CopyOnWriteArrayList<>();
    final AtomicLong linesFromSender0 = new AtomicLong();
    final AtomicLong linesOfSender0ToSlow = new AtomicLong();
    final AtomicLong maxSlowLag = new AtomicLong();
    private final int roomSize;
    private final int late;
    private final int slow;
    /** A line for the slow member; only sender 0's count towards its lag. */
    private record Out(byte[] line, boolean ofSender0) {}

    private final LinkedBlockingQueue<Out> toSlow = new LinkedBlockingQueue<>();

    OddForwarder(int roomSize, int late, int slow) throws IOException {
      this.roomSize = roomSize;
      this.late = late;
      this.slow = slow;
      daemon(this::acceptAll, "odd-forwarder");
    }

    private static void daemon(Runnable r, String name) {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.start();
    }

    private void acceptAll() {
      try {
        for (int i = 0; i < roomSize; i++) {
          Socket s = server.accept();
          if (i == late) {
            Thread.sleep(500); // taken late: what the others send meanwhile does not reach it
          }
          members.add(s);
          int index = i;
          daemon(() -> forward(index, s), "odd-forwarder-" + i);
          if (i == slow) {
            daemon(() -> feedSlowly(s), "odd-forwarder-slow");
          }
        }
      } catch (IOException | InterruptedException e) {
        // closed at the end of the test
      }
    }

    private void forward(int index, Socket from) {
      byte[] buf = new byte[64 * 1024];
      int pending = 0; // bytes after the last newline, kept for the next read
      try (InputStream in = from.getInputStream()) {
        for (int n; (n = in.read(buf, pending, buf.length - pending)) > 0; ) {
          int end = pending + n;
          int lineStart = 0;
          for (int i = 0; i < end; i++) {
            if (buf[i] == '\n') {
              send(index, from, Arrays.copyOfRange(buf, lineStart, i + 1));
              lineStart = i + 1;
            }
          }
          pending = end - lineStart;
          System.arraycopy(buf, lineStart, buf, 0, pending);
        }
      } catch (IOException e) {
        // the member left
      }
    }

    private void send(int index, Socket from, byte[] line) throws IOException {
      if (index == 0) {
        long lag = linesFromSender0.incrementAndGet() - linesOfSender0ToSlow.get();
        maxSlowLag.accumulateAndGet(lag, Math::max);
      }
      for (int i = 0; i < members.size(); i++) {
        Socket to = members.get(i);
        if (to == from) {
          continue;
        }
        if (to == slowSocket()) {
          toSlow.add(new Out(line, index == 0));
          continue;
        }
        synchronized (to) {
          OutputStream out = to.getOutputStream();
          out.write(line);
          out.flush();
        }
      }
    }

    private Socket slowSocket() {
      return slow >= 0 && slow < members.size() ? members.get(slow) : null;
    }

    private void feedSlowly(Socket to) {
      try {
        OutputStream out = to.getOutputStream();
        while (true) {
          Out next = toSlow.take();
          if (next.ofSender0()) {
            linesOfSender0ToSlow.incrementAndGet(); // before the write: the reader cannot count it first
          }
          out.write(next.line());
          out.flush();
          if (next.ofSender0()) {
            Thread.sleep(5); // this member's reader keeps up with 200 lines a second
          }
        }
      } catch (IOException | InterruptedException e) {
        // closed at the end of the test
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

  private static BenchResult run(Workload w, OddForwarder forwarder) throws Exception {
    return new LoadGenerator(w, TestIdentities.fresh(),
        new InetSocketAddress("127.0.0.1", forwarder.server.getLocalPort()), false).run("forwarder");
  }

  @Test
  void aMemberTheForwarderTakesLateMissesNothing() throws Exception {
    Workload w = new Workload(2, 2, 0, 256, Duration.ZERO, Duration.ofMillis(800), false, 2048, 4);
    try (OddForwarder forwarder = new OddForwarder(2, 1, -1)) {
      BenchResult r = run(w, forwarder);
      assertTrue(r.sent() > 0, "the run sent nothing");
      assertEquals("", r.problem());
    }
  }

  @Test
  void theSlowestMemberBoundsASaturatedWindow() throws Exception {
    int window = 4;
    Workload w = new Workload(6, 1, 0, 256, Duration.ZERO, Duration.ofSeconds(1), false, 2048, window);
    try (OddForwarder forwarder = new OddForwarder(6, -1, 1)) {
      BenchResult r = run(w, forwarder);
      assertTrue(r.sent() > 20, "the run sent " + r.sent());
      assertEquals("", r.problem());
      // with the window an average over the 5 receivers, the slow one fell up to 5 windows behind
      assertTrue(forwarder.maxSlowLag.get() <= window, "the slow member lagged " + forwarder.maxSlowLag.get());
    }
  }

  @Test
  void aBacklogThatKeepsArrivingIsWaitedForNotCountedLost() throws Exception {
    // 400 messages in 0.4 s; the slow member takes 200 a second, so it has them 2 s later, in
    // a steady trickle: the drain waits while they come, though it gives up after 300 ms of none
    Workload w = new Workload(3, 1, 1_000, 256, Duration.ZERO, Duration.ofMillis(400), false, 2048, 4);
    try (OddForwarder forwarder = new OddForwarder(3, -1, 1)) {
      BenchResult r = new LoadGenerator(w, TestIdentities.fresh(),
          new InetSocketAddress("127.0.0.1", forwarder.server.getLocalPort()), false)
          .drainQuiet(Duration.ofMillis(300)).run("forwarder");
      assertTrue(r.sent() > 300, "the run sent " + r.sent());
      assertEquals("", r.problem());
    }
  }
}
