package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.OneClusterAtATime;
import dev.chatroom.protocol.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Version 2 on a cluster (PROTOCOL.md section 14, docs/CLUSTER.md): three relay JVMs on one
 * PostgreSQL (CHATROOM_TEST_PG, from .ci/with-postgres; skipped without it), their event bus
 * mutual TLS ({@link V2ClusterNodes}), raw version 2 peers on different nodes. The nodes are
 * shared by the tests, each with its own rooms and nicks; a test that kills or stops nodes
 * gets them restarted afterwards.
 */
@Tag("cluster")
@ExtendWith(OneClusterAtATime.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterV2Test {
  @TempDir static Path dir;
  private static final String BATCHES_IN = "chatroom_bus_batches_in_total";
  private V2ClusterNodes cluster;

  @BeforeAll
  @Timeout(value = 300, unit = TimeUnit.SECONDS) // three JVMs starting on two shared cores
  void startCluster() throws Exception {
    cluster = V2ClusterNodes.start(dir);
  }

  @AfterEach
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void closePeersAndRestartStoppedNodes() throws Exception {
    if (cluster != null) {
      cluster.closePeersAndRestartStopped();
    }
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private V2Peer peer(int node, String nick) throws Exception {
    return cluster.peer(node, nick);
  }

  /** The next frame of {@code type}, skipping presence and membership news. */
  private static <T extends Frame> T nextOf(V2Peer p, Class<T> type) throws Exception {
    while (true) {
      Frame f = p.next();
      if (type.isInstance(f)) {
        return type.cast(f);
      }
      if (!(f instanceof Frame.Presence || f instanceof Frame.Joined || f instanceof Frame.Left)) {
        throw new AssertionError(p.nick + ": expected " + type.getSimpleName() + ", got " + f);
      }
    }
  }

  @Test
  void roomsRegistrationsAndCatchUpCrossNodes() throws Exception {
    V2Peer alice = peer(0, "alice1");
    alice.authenticate();
    alice.join("x1");
    V2Peer bob = peer(1, "bob1");
    bob.authenticate();
    Frame.Welcome w = bob.join("x1");
    assertEquals(1, w.members().size(), "the member who joined on node 1 is a member on node 2: " + w);
    assertEquals("alice1", w.members().get(0).nick());
    assertEquals(Boolean.TRUE, w.members().get(0).online(), "online on another node");
    assertEquals("bob1", nextOf(alice, Frame.Joined.class).nick());

    try (V2Peer impostor = new V2Peer(cluster.node(2).port(), "alice1", V2Peer.freshIdentity())) {
      impostor.authenticateExpectingError("nick_registered");
    }

    double node2Batches = cluster.counter(2, BATCHES_IN);
    double node1Batches = cluster.counter(1, BATCHES_IN);
    Frame.Ack first = alice.sendAcked(alice.message("x1", "bob1"));
    assertEquals(List.of(), first.missing(), "bob1 joined on another node and is a member here");
    Frame.Delivery d = nextOf(bob, Frame.Delivery.class);
    assertEquals(first.seq(), d.seq());
    bob.close();
    Frame.Presence gone = nextOf(alice, Frame.Presence.class);
    assertEquals("bob1", gone.nick());
    assertTrue(!gone.online());
    List<Long> later = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      later.add(alice.sendAcked(alice.message("x1", "bob1")).seq());
    }
    assertTrue(cluster.counter(1, BATCHES_IN) > node1Batches, "bob1's node got the room's batch");
    assertEquals(node2Batches, cluster.counter(2, BATCHES_IN), "a node with no one in the room gets no batch of it");
    V2Peer back = peer(2, "bob1");
    back.authenticate(Map.of("x1", d.seq()));
    assertEquals(later, back.catchUp("x1").seqs(), "caught up on a third node from its since");
    for (int i = 0; i < 3; i++) {
      assertFalse(cluster.node(i).output().contains("event bus is plain TCP"), "the event bus is TLS");
    }
  }

  @Test
  void aSecondConnectionOnAnotherNodeReplacesTheFirst() throws Exception {
    V2Peer first = peer(0, "fay5");
    first.authenticate();
    first.join("x5");
    V2Peer watcher = peer(2, "gus5");
    watcher.authenticate();
    watcher.join("x5");
    assertEquals("gus5", nextOf(first, Frame.Joined.class).nick());
    V2Peer second = peer(1, "fay5");
    assertEquals(List.of("x5"), second.authenticate().rooms());
    first.expectError("replaced");
    assertTrue(first.closedByRelay(), "the older connection is closed");
    second.catchUp("x5");
    Frame.Ack ack = second.sendAcked(second.message("x5", "gus5"));
    Frame f = watcher.next();
    while (f instanceof Frame.Presence p) {
      assertTrue(p.online(), "the identity never looked offline while it moved: " + p);
      f = watcher.next();
    }
    Frame.Delivery d = org.junit.jupiter.api.Assertions.assertInstanceOf(Frame.Delivery.class, f);
    assertEquals(ack.seq(), d.seq(), "the identity goes on from its new node");
  }

  @Test
  void twoSendersOnTwoNodesEveryReceiverSeesOneOrder() throws Exception {
    String room = "x2";
    V2Peer[] p = {peer(0, "ann2"), peer(1, "ben2"), peer(2, "cat2")};
    for (V2Peer each : p) {
      each.authenticate();
      each.join(room);
    }
    int perSender = 60;
    Map<Long, String> idBySeq = new java.util.concurrent.ConcurrentHashMap<>();
    List<Thread> senders = new ArrayList<>();
    Map<String, List<Long>> seen = new java.util.concurrent.ConcurrentHashMap<>();
    List<Thread> readers = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      V2Peer me = p[s];
      int expected = s == 2 ? 2 * perSender : perSender; // cat2 hears both, the senders each other
      seen.put(me.nick, new ArrayList<>());
      readers.add(new Thread(() -> {
        try {
          int acks = s2acks(me, perSender);
          while (seen.get(me.nick).size() < expected || acks > 0) {
            Frame f = me.next();
            if (f instanceof Frame.Delivery del) {
              seen.get(me.nick).add(del.seq());
              idBySeq.putIfAbsent(del.seq(), ((Frame.GroupMessage) del.frame()).id());
            } else if (f instanceof Frame.Ack a) {
              idBySeq.put(a.seq(), a.id());
              acks--;
            }
          }
        } catch (Exception e) {
          throw new IllegalStateException(me.nick + " after " + seen.get(me.nick).size(), e);
        }
      }));
    }
    readers.forEach(Thread::start);
    for (int s = 0; s < 2; s++) {
      V2Peer me = p[s];
      senders.add(new Thread(() -> {
        try {
          for (int i = 0; i < perSender; i++) {
            me.send(me.group(room, i));
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    senders.forEach(Thread::start);
    for (Thread t : senders) {
      t.join(30_000);
    }
    for (Thread t : readers) {
      t.join(60_000);
      assertTrue(!t.isAlive(), "a reader did not get everything: " + sizes(seen));
    }
    List<Long> all = seen.get("cat2");
    assertEquals(2 * perSender, all.size());
    assertEquals(2 * perSender, new HashSet<>(all).size(), "each once");
    assertAscending(all, "cat2");
    assertAscending(seen.get("ann2"), "ann2");
    assertAscending(seen.get("ben2"), "ben2");
    Set<Long> fromBoth = new HashSet<>(seen.get("ann2"));
    fromBoth.addAll(seen.get("ben2"));
    assertEquals(new HashSet<>(all), fromBoth, "the two senders' frames, one seq each, as the third node saw them");
    System.out.println("two senders on two nodes: " + all.size() + " frames, seqs " + all.get(0) + ".." + all.get(all.size() - 1));
  }

  private static int s2acks(V2Peer me, int perSender) {
    return me.nick.equals("cat2") ? 0 : perSender;
  }

  private static String sizes(Map<String, List<Long>> seen) {
    Map<String, Integer> out = new HashMap<>();
    seen.forEach((k, v) -> out.put(k, v.size()));
    return out.toString();
  }

  private static void assertAscending(List<Long> seqs, String who) {
    for (int i = 1; i < seqs.size(); i++) {
      assertTrue(seqs.get(i) > seqs.get(i - 1), who + " got seq " + seqs.get(i) + " after " + seqs.get(i - 1) + ": " + seqs);
    }
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void killingTheOwnerOfABusyRoomLosesNoAckedFrame() throws Exception {
    String room = "busy3";
    String[] ids = cluster.nodeIds();
    RoomOwners view = new RoomOwners(ids[0]);
    view.live(Set.of(ids));
    String ownerId = view.ownerOf(room, 0);
    int owner = List.of(ids).indexOf(ownerId);
    int senderNode = (owner + 1) % 3;
    int readerNode = (owner + 2) % 3;
    V2Peer sender = peer(senderNode, "sam3");
    V2Peer reader = peer(readerNode, "rob3");
    V2Peer onOwner = peer(owner, "oli3");
    for (V2Peer each : List.of(sender, reader, onOwner)) {
      each.authenticate();
      each.join(room);
    }
    FloodReader robSeen = new FloodReader(reader);
    FloodReader oliSeen = new FloodReader(onOwner);
    Flood flood = new Flood(sender, room, "rob3", "oli3");
    robSeen.start();
    oliSeen.start();
    flood.start();
    flood.waitForAcks(150, 30_000);
    long killedAt = System.currentTimeMillis();
    cluster.node(owner).kill();
    long resumedAt = robSeen.firstSentAfter(killedAt, 20_000);
    flood.waitForAcks(flood.acked().size() + 150, 30_000);
    flood.stop();
    Map<String, Long> acked = flood.acked();
    robSeen.waitFor(acked.values(), 30_000);
    robSeen.stop();
    oliSeen.stop();
    long failover = resumedAt - killedAt;
    System.out.println("failover: deliveries resumed " + failover + " ms after kill -9 of the owner of " + room
        + " (" + acked.size() + " frames acked, " + flood.errors() + " send-again errors)");
    assertTrue(failover < 5_000, "deliveries resumed within 5 s: " + failover + " ms");
    List<Long> rob = robSeen.seqs();
    assertAscending(rob, "rob3");
    assertTrue(rob.containsAll(acked.values()), "every acked frame reached rob3 once");

    // oli3's node died: oli3 reconnects to another node and catches up from its since
    List<Long> oli = oliSeen.seqs();
    long since = oli.isEmpty() ? 0 : oli.get(oli.size() - 1);
    V2Peer back = peer(senderNode, "oli3");
    back.authenticate(Map.of(room, since));
    List<Long> all = new ArrayList<>(oli);
    all.addAll(back.catchUp(room).seqs());
    assertAscending(all, "oli3 across two connections");
    assertTrue(all.containsAll(acked.values()), "every acked frame reached oli3 once, across its reconnect");
  }

  /**
   * SIGSTOP of the owner of a busy room: the others pass it over and deliveries resume, they
   * report its member offline once Hazelcast declares it dead; after SIGCONT it merges back,
   * serves its member again (everything acked, in order, once) and the presence lost while it
   * was cut off heals on both sides (the resync on each change of the cluster view).
   */
  @Test
  @Timeout(value = 200, unit = TimeUnit.SECONDS)
  void aHungOwnerIsPassedOverAndServesAgainAfterSigcont() throws Exception {
    String room = "hung6";
    String[] ids = cluster.nodeIds();
    RoomOwners view = new RoomOwners(ids[0]);
    view.live(Set.of(ids));
    int owner = List.of(ids).indexOf(view.ownerOf(room, 0));
    int senderNode = (owner + 1) % 3;
    int readerNode = (owner + 2) % 3;
    V2Peer sender = peer(senderNode, "sue6");
    V2Peer reader = peer(readerNode, "ray6");
    V2Peer hung = peer(owner, "hal6");
    for (V2Peer each : List.of(sender, reader, hung)) {
      each.authenticate();
      each.join(room);
    }
    V2Peer watcher = peer(readerNode, "wes6");
    watcher.authenticate();
    watcher.join("hung6p");
    hung.join("hung6p");
    assertEquals("hal6", nextOf(watcher, Frame.Joined.class).nick());
    FloodReader raySeen = new FloodReader(reader);
    FloodReader halSeen = new FloodReader(hung);
    Flood flood = new Flood(sender, room, "ray6", "hal6");
    raySeen.start();
    halSeen.start();
    flood.start();
    flood.waitForAcks(150, 30_000);
    ChildRelay node = cluster.node(owner);
    long stoppedAt = System.currentTimeMillis();
    node.signal("STOP");
    long resumedAt;
    long offlineAt;
    long contAt;
    try {
      resumedAt = raySeen.firstSentAfter(stoppedAt, 30_000);
      offlineAt = watcher.awaitPresence("hal6", false, 40_000);
    } finally {
      contAt = System.currentTimeMillis();
      node.signal("CONT");
    }
    long servedAt = halSeen.firstSentAfter(contAt, 60_000);
    long onlineAt = watcher.awaitPresence("hal6", true, 60_000);
    long seesOthersAt = awaitOnlineInWelcome(owner, "lea6", "hung6p", "wes6", 30_000);
    flood.stop();
    Map<String, Long> acked = flood.acked();
    raySeen.waitFor(acked.values(), 30_000);
    halSeen.waitFor(acked.values(), 30_000);
    raySeen.stop();
    halSeen.stop();
    System.out.println("hung owner: deliveries resumed " + (resumedAt - stoppedAt) + " ms after SIGSTOP, its member offline after "
        + (offlineAt - stoppedAt) + " ms; after SIGCONT it served its member again in " + (servedAt - contAt)
        + " ms, its member online again elsewhere after " + (onlineAt - contAt) + " ms, the others online on it after "
        + (seesOthersAt - contAt) + " ms (" + acked.size() + " frames acked, " + flood.errors() + " send-again errors)");
    assertTrue(resumedAt - stoppedAt < 10_000, "deliveries resumed within 10 s of the hang: " + (resumedAt - stoppedAt) + " ms");
    assertAscending(raySeen.seqs(), "ray6");
    assertAscending(halSeen.seqs(), "hal6 across the hang");
    assertEquals(new HashSet<>(halSeen.seqs()).size(), halSeen.seqs().size(), "each once");
  }

  /** Joins {@code room} on {@code node} as a new member (nick, then a count) until its welcome shows {@code other} online. */
  private long awaitOnlineInWelcome(int node, String nick, String room, String other, long millis) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    Frame.Welcome w = null;
    for (int attempt = 0; System.currentTimeMillis() < deadline; attempt++) {
      try (V2Peer p = new V2Peer(cluster.node(node).port(), nick + attempt)) {
        p.authenticate();
        w = p.join(room);
        if (w.members().stream().anyMatch(m -> m.nick().equals(other) && Boolean.TRUE.equals(m.online()))) {
          return System.currentTimeMillis();
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(other + " never showed online in a welcome on the node that hung: " + w);
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void stoppingEveryNodeKeepsRegistrationsMembershipsAndHistory() throws Exception {
    V2Peer dee = peer(0, "dee4");
    dee.authenticate();
    dee.join("x4");
    V2Peer eve = peer(1, "eve4");
    eve.authenticate();
    eve.join("x4");
    assertEquals("eve4", nextOf(dee, Frame.Joined.class).nick());
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      dee.send(dee.message("x4", "eve4"));
      seqs.add(nextOf(dee, Frame.Ack.class).seq());
    }
    dee.close();
    eve.close();
    for (int i = 0; i < 3; i++) {
      assertEquals(0, cluster.node(i).stop(), cluster.node(i).output());
    }
    for (int i = 0; i < 3; i++) {
      cluster.restart(i);
    }
    V2Peer eveAgain = peer(2, "eve4");
    assertEquals(List.of("x4"), eveAgain.authenticate(Map.of("x4", 0L)).rooms(), "the membership is kept");
    V2Peer.CatchUp c = eveAgain.catchUp("x4");
    assertEquals(seqs, c.seqs(), "the history is kept");
    assertEquals("dee4", c.welcome().members().get(0).nick());
    try (V2Peer impostor = new V2Peer(cluster.node(1).port(), "dee4", V2Peer.freshIdentity())) {
      impostor.authenticateExpectingError("nick_registered");
    }
  }
}
