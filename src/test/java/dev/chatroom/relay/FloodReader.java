package dev.chatroom.relay;

import dev.chatroom.protocol.Frame;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Reads a version 2 peer's deliveries on a thread of its own: their seqs, and when each arrived. */
final class FloodReader {
  private record Seen(long seq, long sent, long arrivedMs) {}

  private final V2Peer peer;
  private final List<Seen> seen = new ArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread = new Thread(this::read, "flood-receiver");

  FloodReader(V2Peer peer) { this.peer = peer; }

  void start() {
    thread.setDaemon(true);
    thread.start();
  }

  void stop() throws InterruptedException {
    stop.set(true);
    thread.join(15_000);
  }

  synchronized List<Long> seqs() {
    List<Long> out = new ArrayList<>(seen.size());
    seen.forEach(s -> out.add(s.seq()));
    return out;
  }

  /** When the first frame sent after {@code sentAfterMs} arrived (epoch ms). */
  long firstSentAfter(long sentAfterMs, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < deadline) {
      synchronized (this) {
        for (Seen s : seen) {
          if (s.sent() > sentAfterMs) {
            return s.arrivedMs();
          }
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError(peer.nick + " got no frame sent after the kill within " + millis + " ms");
  }

  void waitFor(Collection<Long> seqs, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (!seqs().containsAll(seqs)) {
      if (System.nanoTime() > deadline) {
        List<Long> missing = new ArrayList<>(seqs);
        missing.removeAll(seqs());
        throw new AssertionError(peer.nick + " never got " + missing.size() + " acked frames, e.g. "
            + missing.subList(0, Math.min(10, missing.size())));
      }
      Thread.sleep(10);
    }
  }

  private void read() {
    while (!stop.get()) {
      try {
        Frame f = peer.next();
        if (f instanceof Frame.Delivery d && d.frame() instanceof Frame.Message m) {
          synchronized (this) {
            seen.add(new Seen(d.seq(), m.sent(), System.currentTimeMillis()));
          }
        }
      } catch (SocketTimeoutException quiet) {
        // nothing for 10 s: look at the stop flag and read on
      } catch (Throwable closed) {
        return; // the node died, or the test closed the socket
      }
    }
  }
}
