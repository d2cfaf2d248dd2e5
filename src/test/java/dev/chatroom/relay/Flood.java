package dev.chatroom.relay;

import dev.chatroom.protocol.Frame;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A version 2 sender that floods a room with messages as a client would: paced under the rate
 * limit, every frame resent unchanged when the relay says "send it again", acks collected.
 */
final class Flood {
  private final V2Peer peer;
  private final String room;
  private final String[] recipients;
  private final Map<String, Frame.Message> unacked = new ConcurrentHashMap<>();
  private final Map<String, Long> acked = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicBoolean done = new AtomicBoolean();
  private final AtomicInteger errors = new AtomicInteger();
  private final Thread writer = new Thread(this::write, "flood-writer");
  private final Thread reader = new Thread(this::read, "flood-reader");
  private final Object sending = new Object();
  private final java.util.Queue<Frame.Message> again = new java.util.concurrent.ConcurrentLinkedQueue<>();

  Flood(V2Peer peer, String room, String... recipients) {
    this.peer = peer;
    this.room = room;
    this.recipients = recipients;
  }

  void start() {
    writer.setDaemon(true);
    reader.setDaemon(true);
    writer.start();
    reader.start();
  }

  /** Stops sending and waits until every frame sent is acked. */
  void stop() throws Exception {
    stop.set(true);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!unacked.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(unacked.size() + " frames never acked");
      }
      Thread.sleep(20);
    }
    done.set(true);
    writer.join(5_000);
  }

  Map<String, Long> acked() { return Map.copyOf(acked); }

  int errors() { return errors.get(); }

  void waitForAcks(int n, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (acked.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + acked.size() + " of " + n + " acks in " + millis + " ms");
      }
      Thread.sleep(10);
    }
  }

  private void write() {
    try {
      while (!done.get()) {
        Frame.Message m = again.poll(); // what the relay asked for again goes first, unchanged
        if (m == null && stop.get()) {
          Thread.sleep(5);
          continue;
        }
        if (m == null) {
          m = peer.message(room, recipients);
          unacked.put(m.id(), m);
        }
        send(m);
        Thread.sleep(2); // about 400 a second: under the test relays' rate limit
      }
    } catch (Exception e) {
      // the relay closed the connection: the test's asserts say what was lost
    }
  }

  private void send(Frame frame) throws IOException {
    synchronized (sending) {
      peer.send(frame);
    }
  }

  private void read() {
    while (true) {
      try {
        Frame f = peer.next();
        if (f instanceof Frame.Ack a) {
          acked.put(a.id(), a.seq());
          unacked.remove(a.id());
        } else if (f instanceof Frame.Error e && e.id() != null && unacked.containsKey(e.id())) {
          errors.incrementAndGet();
          again.add(unacked.get(e.id())); // "send it again" (or rate_limited): resent unchanged
        }
      } catch (SocketTimeoutException quiet) {
        if (done.get()) {
          return;
        }
      } catch (Throwable closed) {
        return;
      }
    }
  }
}
