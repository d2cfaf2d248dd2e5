package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A join to a busy room on SQLite, where the welcome waits on a read of the members: nothing
 * about the room reaches the new member before its welcome (no delivery, no presence), and its
 * deliveries start right after the welcome's seq, none missing.
 */
class V2JoinOrderTest extends V2RelayTestBase {
  private static final String ROOM = "busy";
  @TempDir Path dir;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  @AfterEach
  void stopThreads() throws Exception {
    stop.set(true);
    for (Thread t : threads) {
      t.join(10_000);
    }
  }

  private void background(String name, Runnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable e) {
        if (!stop.get()) {
          failure.compareAndSet(null, e);
        }
      }
    }, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  @Test
  void aNewMemberHearsNothingOfTheRoomBeforeItsWelcomeAndMissesNothingAfter() throws Exception {
    relay = RelayServer.start(vertx, config().store("sqlite:" + dir.resolve("join.db"))
        .ratePerSecond(100_000).rateBurst(100_000).build()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    V2Peer alice = authenticated("alice");
    alice.join(ROOM);
    V2Peer.identityFor("carol");
    try (V2Peer carol = new V2Peer(relay.port(), "carol")) {
      carol.authenticate();
      carol.join(ROOM);
    }
    background("flood", () -> {
      try {
        for (long i = 0; !stop.get(); i++) {
          alice.send(alice.group(ROOM, i));
          if (i % 2 == 0) {
            Thread.sleep(1); // a steady stream of a thousand or two a second, not a wall
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    background("acks", () -> {
      try {
        while (!stop.get()) {
          alice.nextWithin(200); // acks and news: alice's socket never backs up
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    background("presence", () -> { // carol comes and goes: presence news in the room all the time
      try {
        while (!stop.get()) {
          try (V2Peer carol = new V2Peer(relay.port(), "carol")) {
            carol.authenticate(Map.of(ROOM, 1_000_000_000L));
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    for (int i = 0; i < 6; i++) {
      V2Peer.identityFor("new" + i);
    }
    for (int i = 0; i < 6; i++) {
      V2Peer joiner = authenticated("new" + i);
      joiner.send(new Frame.Join(ROOM));
      Frame first = joiner.next();
      Frame.Welcome w = assertInstanceOf(Frame.Welcome.class, first, () -> "before its welcome, new member got " + first);
      long expected = w.seq() + 1;
      for (int got = 0; got < 10; ) {
        Frame f = joiner.next();
        if (f instanceof Frame.Delivery d) {
          assertEquals(ROOM, d.room());
          assertEquals(expected, d.seq(), "deliveries start right after the welcome's seq, in order, none missing");
          expected++;
          got++;
        } else {
          assertTrue(f instanceof Frame.Presence || f instanceof Frame.Joined, "unexpected " + f);
        }
      }
      joiner.close();
    }
    assertNull(failure.get(), () -> "a background peer failed: " + failure.get());
  }
}
