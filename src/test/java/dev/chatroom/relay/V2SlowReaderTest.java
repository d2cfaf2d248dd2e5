package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A version 2 reader that falls behind is not cut: every frame is stored, so the relay stops
 * writing its room's live frames once its write queue is nearly full and reads them from the
 * store when the socket has drained, in order and each once, on the same connection.
 */
class V2SlowReaderTest extends V2RelayTestBase {
  private static final int FLOOD = 1_500;
  private static final String TOKEN = Base64.getUrlEncoder().encodeToString(new byte[12_000]); // 16 KB frames

  @Test
  void aReaderThatStopsReadingIsPausedNotCutAndLaterGetsEveryFrameInOrder() throws Exception {
    startRelay(config().ratePerSecond(1e6).rateBurst(100_000).maxWriteQueueBytes(256 * 1024).build());
    V2Peer[] both = aliceAndBobIn("busy");
    V2Peer alice = both[0];
    V2Peer bob = both[1];
    // bob reads nothing now: 24 MB is far past his kernel buffers and his 256 KiB write queue
    flood(alice, "busy", "bob");
    assertEquals(0, relay.stats().closed(CloseReason.SLOW_CONSUMER).sum(), "bob was cut");
    assertTrue(relay.stats().livePauses.sum() > 0, "bob's room never paused");
    readsEverything(bob);
    assertEquals(FLOOD + 1, alice.sendAcked(message(alice, "busy", TOKEN, "bob")).seq());
    assertEquals(FLOOD + 1, bob.delivery().seq(), "live again once caught up");
  }

  @Test
  void readersBehindPauseRatherThanBeCutByTheNodesBudget() throws Exception {
    // each queue alone may hold far more than the budget: only the sum could cut here
    startRelay(config().ratePerSecond(1e6).rateBurst(100_000).maxWriteQueueBytes(256 * 1024 * 1024)
        .outputBudgetBytes(4 * 1024 * 1024).build());
    V2Peer alice = authenticated("alice");
    alice.join("busy");
    List<V2Peer> readers = new ArrayList<>();
    for (String nick : List.of("bob", "carol", "dave")) {
      V2Peer reader = authenticated(nick);
      reader.join("busy");
      alice.next(Frame.Joined.class);
      readers.add(reader);
    }
    flood(alice, "busy", "bob", "carol", "dave");
    assertEquals(0, relay.stats().closed(CloseReason.OUTPUT_BUDGET).sum(), "a reader was cut");
    assertTrue(relay.stats().livePauses.sum() > 0, "no room paused");
    for (V2Peer reader : readers) {
      readsEverything(reader);
    }
  }

  /** alice and bob, members of {@code room}; alice has heard bob join. */
  private V2Peer[] aliceAndBobIn(String room) throws Exception {
    V2Peer alice = authenticated("alice");
    alice.join(room);
    V2Peer bob = authenticated("bob");
    bob.join(room);
    alice.next(Frame.Joined.class);
    return new V2Peer[] {alice, bob};
  }

  /** 1,500 frames of 16 KB to {@code to}, each acked with the next seq. */
  private static void flood(V2Peer alice, String room, String... to) throws Exception {
    for (int i = 1; i <= FLOOD; i++) {
      alice.send(message(alice, room, TOKEN, to));
      Frame reply = alice.next();
      assertTrue(reply instanceof Frame.Ack a && a.seq() == i, "frame " + i + ": " + reply);
    }
  }

  /** The flood, in seq order and each once. */
  private static void readsEverything(V2Peer reader) throws Exception {
    for (int seq = 1; seq <= FLOOD; seq++) {
      Frame f = reader.next();
      while (f instanceof Frame.Joined) { // the readers who joined after this one
        f = reader.next();
      }
      assertTrue(f instanceof Frame.Delivery d && d.seq() == seq, reader.nick + ": expected seq " + seq + ", got " + f);
    }
    assertTrue(reader.silentFor(300), "nothing twice, and no synced: the connection was live all along");
  }

  @Test
  void catchUpEndsWithTheSmallestWriteQueueAndFramesNearlyItsSize() throws Exception {
    startRelay(config().ratePerSecond(1e6).rateBurst(100_000).maxWriteQueueBytes(64 * 1024).build());
    V2Peer[] both = aliceAndBobIn("small");
    V2Peer alice = both[0];
    both[1].close();
    alice.next(Frame.Presence.class);
    String nearlyTheQueue = Base64.getUrlEncoder().encodeToString(new byte[44_000]); // 58.7 KB of 64 KiB
    for (int i = 1; i <= 20; i++) {
      Frame.Message m = message(alice, "small", i % 2 == 0 ? TOKEN : nearlyTheQueue, "bob");
      assertEquals(i, alice.sendAcked(m).seq());
    }

    V2Peer back = peer("bob");
    back.authenticate(Map.of("small", 0L));
    V2Peer.CatchUp c = back.catchUp("small");
    assertEquals(20, c.deliveries().size(), "every stored frame, then synced");
    for (int i = 0; i < 20; i++) {
      assertEquals(i + 1, c.deliveries().get(i).seq());
    }
  }

  private static Frame.Message message(V2Peer from, String room, String token, String... to) {
    TreeMap<String, String> keys = new TreeMap<>();
    for (String nick : to) {
      keys.put(nick, "AAAA");
    }
    return new Frame.Message(UUID.randomUUID().toString(), room, from.nick, System.currentTimeMillis(), token, keys,
        Base64.getEncoder().encodeToString(new byte[64]));
  }
}
