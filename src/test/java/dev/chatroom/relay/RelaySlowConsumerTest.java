package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

class RelaySlowConsumerTest extends RelayTestBase {
  private static final int MESSAGES = 2500;
  private static final int AHEAD = 100; // messages the sender may be ahead of the fast reader

  @Test
  void aClientThatStopsReadingIsCutOffWhileOthersGetEverything() throws Exception {
    startRelay(config().ratePerSecond(1e6).rateBurst(100_000).maxWriteQueueBytes(256 * 1024).build());
    WireClient sender = join("sender");
    WireClient fast = join("fast");
    WireClient slow = join("slow");
    sender.next(Frame.Joined.class);
    sender.next(Frame.Joined.class);
    fast.next(Frame.Joined.class);
    // slow never reads again; the kernel's buffers fill first, then the relay's queue

    // keep within reach of the fast reader however loaded the machine is: only slow falls behind
    Semaphore window = new Semaphore(AHEAD);
    CompletableFuture<Set<String>> fastGot = CompletableFuture.supplyAsync(() -> {
      Set<String> ids = new HashSet<>();
      try {
        while (ids.size() < MESSAGES + 1) {
          Frame f = fast.next();
          if (f instanceof Frame.Message m) {
            ids.add(m.id());
            window.release();
          } else if (f instanceof Frame.Left l) {
            ids.add("left:" + l.nick());
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return ids;
    });
    CompletableFuture<Integer> acks = CompletableFuture.supplyAsync(() -> {
      int n = 0;
      try {
        while (n < MESSAGES) {
          if (sender.next() instanceof Frame.Ack) {
            n++;
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return n;
    });

    String token = Base64.getUrlEncoder().encodeToString(new byte[12_000]); // ~16 KB per frame
    Set<String> sentIds = new HashSet<>();
    for (int i = 0; i < MESSAGES; i++) {
      assertTrue(window.tryAcquire(20, TimeUnit.SECONDS),
          "the fast reader stalled " + AHEAD + " messages behind message " + i);
      TreeMap<String, String> keys = new TreeMap<>();
      keys.put("fast", "AAAA");
      keys.put("slow", "AAAA");
      String id = UUID.randomUUID().toString();
      sentIds.add(id);
      sender.send(new Frame.Message(id, "lobby", "sender", 1L, token, keys, Base64.getEncoder().encodeToString(new byte[64])));
    }
    sentIds.add("left:slow"); // and hears that slow was cut off
    assertEquals(sentIds, fastGot.get(30, TimeUnit.SECONDS), "the fast reader gets every message");
    assertEquals(MESSAGES, acks.get(30, TimeUnit.SECONDS));
    assertEquals(1, relay.stats().closed(CloseReason.SLOW_CONSUMER).sum());

    // slow still reads nothing, and its socket is closed all the same: what the relay had
    // queued for it is not kept waiting for a reader that may never come back
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    boolean refused = false;
    while (!refused && System.nanoTime() < deadline) {
      try {
        slow.socket.getOutputStream().write('\n'); // a blank line: ignored by a relay still reading
        slow.socket.getOutputStream().flush();
        Thread.sleep(20);
      } catch (java.io.IOException closedByTheRelay) {
        refused = true;
      }
    }
    assertTrue(refused, "the relay kept the cut reader's socket open");
  }

  @Test
  void readersThatResetTheirConnectionMidFloodAreCountedClosedNotSlow() throws Exception {
    startRelay(config().ratePerSecond(1e6).rateBurst(100_000).build());
    WireClient sender = join("sender");
    int readers = 20;
    List<WireClient> reading = new ArrayList<>();
    TreeMap<String, String> keys = new TreeMap<>();
    for (int r = 0; r < readers; r++) {
      reading.add(join("reader" + r));
      keys.put("reader" + r, "AAAA");
    }
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
      String token = Base64.getUrlEncoder().encodeToString(new byte[12_000]);
      try {
        while (!stop.get()) {
          sender.send(new Frame.Message(UUID.randomUUID().toString(), "lobby", "sender", 1L, token, keys,
              Base64.getEncoder().encodeToString(new byte[64])));
          sender.socket.getInputStream().skip(sender.socket.getInputStream().available()); // acks, news
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    for (WireClient r : reading) { // each keeps up until it resets
      Thread drain = new Thread(() -> {
        byte[] buf = new byte[64 * 1024];
        try {
          while (r.socket.getInputStream().read(buf) >= 0) {
            // discarded
          }
        } catch (java.io.IOException closed) {
          // the reset below
        }
      });
      drain.setDaemon(true);
      drain.start();
    }
    for (WireClient r : reading) {
      Thread.sleep(20); // a write of the flood to it is likely queued now
      r.socket.setSoLinger(true, 0);
      r.socket.close(); // a reset: the relay's next write to it fails
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (relay.stats().closed(CloseReason.CLIENT_CLOSED).sum() + relay.stats().closed(CloseReason.SLOW_CONSUMER).sum()
        < readers && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    stop.set(true);
    flood.get(10, TimeUnit.SECONDS);
    assertEquals(0, relay.stats().closed(CloseReason.SLOW_CONSUMER).sum(), "a reset counted as a slow consumer");
    assertEquals(readers, relay.stats().closed(CloseReason.CLIENT_CLOSED).sum());
  }
}
