package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Version 2 on a cluster (PROTOCOL.md section 14, docs/CLUSTER.md): three relay JVMs on one
 * PostgreSQL (CHATROOM_TEST_PG, from .ci/with-postgres; skipped without it), raw version 2
 * peers on different nodes. The nodes are shared by the tests, each with its own rooms and
 * nicks; a test that kills or stops nodes gets them restarted afterwards.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterV2Test {
  private static final Pattern NODE_ID = Pattern.compile("version 2 across the cluster on the shared store; this is node (\\S+)");

  private final ChildRelay[] nodes = new ChildRelay[3];
  private final int[] clusterPorts = new int[3];
  private final List<V2Peer> peers = new ArrayList<>();
  private String members;
  private String store;
  private int restarts;
  @org.junit.jupiter.api.io.TempDir static java.nio.file.Path dir;
  private String config;

  @BeforeAll
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void startCluster() throws Exception {
    String pg = System.getenv("CHATROOM_TEST_PG");
    Assumptions.assumeTrue(pg != null && !pg.isBlank(), "CHATROOM_TEST_PG names no PostgreSQL server (.ci/with-postgres)");
    store = PgDatabases.fresh(pg, "chatroom_cluster");
    // a busy room: the flood test sends ~400 frames a second, above the default rate limit
    config = java.nio.file.Files.writeString(dir.resolve("relay.json"),
        "{\"rate_per_second\": 1000, \"rate_burst\": 2000}").toString();
    List<String> list = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clusterPorts[i] = ChildRelay.freePort();
      list.add("127.0.0.1:" + clusterPorts[i]);
    }
    members = String.join(",", list);
    nodes[0] = start(0);
    nodes[0].port(); // the first node becomes master; the others join it
    nodes[1] = start(1);
    nodes[2] = start(2);
    nodes[1].port();
    nodes[2].port();
  }

  @AfterEach
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void closePeersAndRestartStoppedNodes() throws Exception {
    for (V2Peer p : peers) {
      p.close();
    }
    peers.clear();
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] != null && !nodes[i].alive()) {
        System.out.println("---- " + nodes[i].name + "\n" + nodes[i].output());
        nodes[i] = restart(i);
      }
    }
    for (ChildRelay n : nodes) {
      if (n != null) {
        n.port();
      }
    }
  }

  @AfterAll
  void stopCluster() throws Exception {
    for (ChildRelay n : nodes) {
      if (n != null) {
        n.close();
        System.out.println("---- " + n.name + "\n" + n.output());
      }
    }
  }

  /**
   * Starts a node and waits until it listens. Its Hazelcast port was free when the test began,
   * but while the node was down any process's outgoing connection may have taken it: then the
   * node gets a new port (the others learn it when it joins them).
   */
  private ChildRelay restart(int index) throws Exception {
    ChildRelay n = start(index);
    try {
      n.port();
      return n;
    } catch (Exception | AssertionError e) {
      if (!n.output().contains("already in use")) {
        throw e;
      }
      n.close();
      clusterPorts[index] = ChildRelay.freePort();
      List<String> list = new ArrayList<>();
      for (int p : clusterPorts) {
        list.add("127.0.0.1:" + p);
      }
      members = String.join(",", list);
      n = start(index);
      n.port();
      return n;
    }
  }

  private ChildRelay start(int index) throws Exception {
    String name = "v2node" + (index + 1) + (restarts++ < 3 ? "" : "-restart" + restarts);
    return ChildRelay.clustered(name, clusterPorts[index], members, store, "--config", config);
  }

  private V2Peer peer(int node, String nick) throws Exception {
    V2Peer p = new V2Peer(nodes[node].port(), nick);
    peers.add(p);
    return p;
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

    try (V2Peer impostor = new V2Peer(nodes[2].port(), "alice1", V2Peer.freshIdentity())) {
      impostor.authenticateExpectingError("nick_registered");
    }

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
    V2Peer back = peer(2, "bob1");
    back.authenticate(Map.of("x1", d.seq()));
    assertEquals(later, back.catchUp("x1").seqs(), "caught up on a third node from its since");
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

  /** The node ids the relays logged, by index. */
  private String[] nodeIds() throws Exception {
    String[] ids = new String[3];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (int i = 0; i < 3; i++) {
      while (ids[i] == null) {
        Matcher m = NODE_ID.matcher(nodes[i].output());
        String last = null;
        while (m.find()) {
          last = m.group(1);
        }
        ids[i] = last;
        if (ids[i] == null) {
          assertTrue(System.nanoTime() < deadline, nodes[i].name + " never logged its node id");
          Thread.sleep(50);
        }
      }
    }
    return ids;
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void killingTheOwnerOfABusyRoomLosesNoAckedFrame() throws Exception {
    String room = "busy3";
    String[] ids = nodeIds();
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
    nodes[owner].kill();
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
    for (ChildRelay n : nodes) {
      assertEquals(0, n.stop(), n.output());
    }
    for (int i = 0; i < 3; i++) {
      nodes[i] = restart(i);
    }
    V2Peer eveAgain = peer(2, "eve4");
    assertEquals(List.of("x4"), eveAgain.authenticate(Map.of("x4", 0L)).rooms(), "the membership is kept");
    V2Peer.CatchUp c = eveAgain.catchUp("x4");
    assertEquals(seqs, c.seqs(), "the history is kept");
    assertEquals("dee4", c.welcome().members().get(0).nick());
    try (V2Peer impostor = new V2Peer(nodes[1].port(), "dee4", V2Peer.freshIdentity())) {
      impostor.authenticateExpectingError("nick_registered");
    }
  }
}
