package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version 2's guarantee across a restart (PROTOCOL.md section 14): registrations, memberships
 * and every acked frame survive a clean stop and a kill -9, in relays of their own JVM on a
 * SQLite store.
 */
class V2PersistenceTest {
  @TempDir Path dir;

  private String store() {
    return "sqlite:" + dir.resolve("chatroom.db");
  }

  @Test
  void registrationsMembershipsAndHistorySurviveARestart() throws Exception {
    try (ChildRelay relay = ChildRelay.single("first", "--store", store())) {
      int port = relay.port();
      try (V2Peer alice = new V2Peer(port, "alice"); V2Peer bob = new V2Peer(port, "bob")) {
        alice.authenticate();
        alice.join("ops");
        bob.authenticate();
        bob.join("ops");
        alice.next(Frame.Joined.class);
        bob.close();
        alice.next(Frame.Presence.class);
        for (int i = 1; i <= 3; i++) {
          assertEquals(i, alice.sendAcked(alice.message("ops", "bob")).seq());
        }
      }
      assertEquals(0, relay.stop(), relay.output());
    }
    try (ChildRelay relay = ChildRelay.single("second", "--store", store())) {
      int port = relay.port();
      try (V2Peer bob = new V2Peer(port, "bob"); V2Peer impostor = new V2Peer(port, "alice", V2Peer.freshIdentity())) {
        assertEquals(List.of("ops"), bob.authenticate(Map.of("ops", 0L)).rooms());
        V2Peer.CatchUp c = bob.catchUp("ops");
        assertEquals(List.of(1L, 2L, 3L), c.seqs());
        assertEquals(1, c.welcome().members().size(), "alice is still a member, offline");
        assertEquals(Boolean.FALSE, c.welcome().members().get(0).online());
        impostor.authenticateExpectingError("nick_registered");
      }
    }
  }

  @Test
  void killMinusNineDuringAFloodLosesNoAckedFrame() throws Exception {
    Set<Long> acked = new HashSet<>();
    try (ChildRelay relay = ChildRelay.single("flooded", "--store", store())) {
      int port = relay.port();
      try (V2Peer bob = new V2Peer(port, "bob")) {
        bob.authenticate();
        bob.join("ops");
      }
      V2Peer alice = new V2Peer(port, "alice");
      alice.authenticate();
      alice.join("ops");
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> writerFailed = new AtomicReference<>();
      Thread writer = new Thread(() -> {
        try {
          while (!stop.get()) {
            alice.send(alice.message("ops", "bob"));
            Thread.sleep(1); // the flood stays under the default rate limit's burst
          }
        } catch (Exception e) {
          writerFailed.set(e); // the relay died under it
        }
      });
      writer.start();
      try {
        while (acked.size() < 150) {
          Frame f = alice.next();
          if (f instanceof Frame.Ack a) {
            acked.add(a.seq());
          }
        }
        relay.kill(); // SIGKILL, mid-flood
      } finally {
        stop.set(true);
        writer.join(5000);
        alice.close();
      }
    }
    try (ChildRelay relay = ChildRelay.single("restarted", "--store", store())) {
      try (V2Peer bob = new V2Peer(relay.port(), "bob")) {
        bob.authenticate(Map.of("ops", 0L));
        List<Long> seqs = bob.catchUp("ops").seqs();
        assertTrue(seqs.containsAll(acked), "every acked seq is stored: acked " + acked.size() + ", stored " + seqs.size());
        List<Long> sorted = new ArrayList<>(seqs);
        sorted.sort(null);
        assertEquals(sorted, seqs, "in seq order");
        assertEquals(new HashSet<>(seqs).size(), seqs.size(), "each once");
        for (int i = 0; i < seqs.size(); i++) {
          assertEquals(i + 1, seqs.get(i), "no gap: seqs are assigned in the transaction that stores them");
        }
      }
    }
  }
}
