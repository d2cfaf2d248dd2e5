package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.OneClusterAtATime;
import dev.chatroom.protocol.Frame;
import dev.chatroom.tls.ClusterCa;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Three relay JVMs on loopback forming a Hazelcast cluster, their event bus mutual TLS under one
 * cluster CA (as a real cluster should run); clients on different nodes. The
 * nodes are shared: each test uses its own rooms and nicks, and a test that kills or stops a
 * node gets it restarted afterwards, so every test finds three running nodes and runs alone.
 */
@Tag("cluster")
@ExtendWith(OneClusterAtATime.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterTest {
  private final ChildRelay[] nodes = new ChildRelay[3];
  private final int[] clusterPorts = new int[3];
  private String members;
  private final List<WireClient> clients = new ArrayList<>();
  private int adminPort;
  private int restarts;
  @TempDir static Path certs;

  @BeforeAll
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void startCluster() throws Exception {
    List<String> list = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clusterPorts[i] = ChildRelay.freePort();
      list.add("127.0.0.1:" + clusterPorts[i]);
    }
    members = String.join(",", list);
    adminPort = ChildRelay.freePort();
    ClusterCa ca = ClusterCa.generate("ClusterTest CA");
    for (int i = 0; i < 3; i++) {
      ca.issue("127.0.0.1", 30, certs.resolve("node" + i));
    }
    nodes[0] = start("node1", 0, "--admin-port", String.valueOf(adminPort));
    nodes[0].port(); // the first node becomes master; the others join it
    nodes[1] = start("node2", 1);
    nodes[2] = start("node3", 2);
    nodes[1].port();
    nodes[2].port();
  }

  @AfterEach
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void closeClientsAndRestartStoppedNodes() throws Exception {
    for (WireClient c : clients) {
      c.close();
    }
    clients.clear();
    for (int i = 0; i < nodes.length; i++) {
      if (!nodes[i].alive()) {
        System.out.println("---- " + nodes[i].name + "\n" + nodes[i].output());
        nodes[i] = start("node" + (i + 1) + "-restart" + ++restarts, i);
      }
    }
    for (ChildRelay n : nodes) {
      n.port();
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

  private ChildRelay start(String name, int index, String... moreFlags) throws Exception {
    List<String> flags = new ArrayList<>(List.of(ChildRelay.tlsFlags(certs.resolve("node" + index))));
    flags.addAll(List.of(moreFlags));
    return ChildRelay.start(name, clusterPorts[index], members, flags.toArray(String[]::new));
  }

  private WireClient join(int node, String nick, String room, WireClient... known) throws Exception {
    WireClient c = new WireClient(nodes[node].port());
    clients.add(c);
    c.learnOf(c.hello(nick, room), known);
    return c;
  }

  /** Joins and waits until the clients already in the room, on any node, have heard of it. */
  private WireClient joinSeen(int node, String nick, String room, WireClient... others) throws Exception {
    WireClient c = join(node, nick, room, others);
    for (WireClient o : others) {
      assertEquals(nick, o.next(Frame.Joined.class).nick());
    }
    return c;
  }

  private static Set<String> nicks(Frame.Welcome w) {
    Set<String> out = new HashSet<>();
    w.members().forEach(m -> out.add(m.nick()));
    return out;
  }

  @Test
  void healthReportsTheNodeInItsCluster() throws Exception {
    java.net.http.HttpResponse<String> health = AdminHttp.get(adminPort, "/health");
    assertEquals(200, health.statusCode(), health.body());
    io.vertx.core.json.JsonObject body = new io.vertx.core.json.JsonObject(health.body());
    assertTrue(body.getJsonArray("checks").stream().map(io.vertx.core.json.JsonObject.class::cast)
        .anyMatch(c -> "cluster".equals(c.getString("id")) && "UP".equals(c.getString("status"))), health.body());
  }

  @Test
  void aClusteredNodeWithoutASharedStoreRefusesVersionTwo() throws Exception {
    try (V2Peer alice = new V2Peer(nodes[1].port(), "alice")) {
      alice.sendHello(null);
      alice.expectError("unsupported_version");
    }
  }

  @Test
  void roomAndPrivateMessagesCrossNodes() throws Exception {
    WireClient alice = join(0, "alice", "x1");
    WireClient bob = joinSeen(1, "bob", "x1", alice);
    WireClient carol = new WireClient(nodes[2].port());
    clients.add(carol);
    carol.learnOf(carol.hello("carol", "x1"), alice, bob); // members of every node, by welcome or joined
    assertEquals("carol", alice.next(Frame.Joined.class).nick());
    assertEquals("carol", bob.next(Frame.Joined.class).nick());

    Frame.Message toRoom = alice.message("bob", "carol", "nobody");
    alice.send(toRoom);
    assertEquals(List.of("nobody"), alice.next(Frame.Ack.class).missing());
    assertEquals(toRoom.id(), bob.next(Frame.Message.class).id());
    assertEquals(toRoom.id(), carol.next(Frame.Message.class).id());

    Frame.Message privately = carol.message("alice");
    carol.send(privately);
    assertEquals(List.of(), carol.next(Frame.Ack.class).missing());
    assertEquals(privately.id(), alice.next(Frame.Message.class).id());
    assertTrue(bob.silentFor(300), "a private message reaches only its recipient");

    bob.send(new Frame.RoomsRequest());
    Frame.RoomList rooms = bob.next(Frame.RoomList.class);
    assertTrue(rooms.rooms().contains(new Frame.RoomInfo("x1", 3)), rooms.toString());

    carol.send(new Frame.Quit());
    assertEquals("carol", alice.next(Frame.Left.class).nick());
    assertEquals("carol", bob.next(Frame.Left.class).nick());
  }

  @Test
  void perSenderOrderHoldsAcrossNodes() throws Exception {
    WireClient sender = join(0, "sender", "x2");
    WireClient r2 = joinSeen(1, "r2", "x2", sender);
    WireClient r3 = joinSeen(2, "r3", "x2", sender, r2);
    List<String> sent = new ArrayList<>();
    StringBuilder burst = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      Frame.Message m = sender.message("r2", "r3");
      sent.add(m.id());
      burst.append(dev.chatroom.protocol.FrameCodec.encodeToString(m));
    }
    sender.sendRaw(burst.toString()); // many frames per read: batched across the event bus
    for (WireClient r : List.of(r2, r3)) {
      for (String id : sent) {
        assertEquals(id, r.next(Frame.Message.class).id());
      }
    }
  }

  @Test
  void sameNickOnTwoNodesAtOnceExactlyOneWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 15; round++) {
        String room = "race" + round;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Frame>> answers = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
          WireClient c = new WireClient(nodes[node].port());
          clients.add(c);
          answers.add(pool.submit(() -> {
            go.await();
            c.send(new Frame.Hello(1, "dup", room, WireClient.identity().encKey(), WireClient.identity().sigKey()));
            return c.next();
          }));
        }
        go.countDown();
        int welcomes = 0;
        int taken = 0;
        for (Future<Frame> a : answers) {
          Frame f = a.get(10, TimeUnit.SECONDS);
          if (f instanceof Frame.Welcome) {
            welcomes++;
          } else if (f instanceof Frame.Error e && e.code().equals("nick_taken")) {
            taken++;
          }
        }
        assertEquals(1, welcomes, "round " + round);
        assertEquals(1, taken, "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void killedNodesMembersLeaveWithinFiveSecondsAndDeliveryGoesOn() throws Exception {
    WireClient erin = join(0, "erin", "k");
    WireClient frank = joinSeen(1, "frank", "k", erin);
    joinSeen(2, "dave", "k", erin, frank);

    long killed = System.nanoTime();
    nodes[2].kill();
    assertEquals("dave", erin.next(Frame.Left.class).nick());
    long leftMs = (System.nanoTime() - killed) / 1_000_000;
    assertEquals("dave", frank.next(Frame.Left.class).nick());
    System.out.println("kill -9 to left: " + leftMs + " ms");
    assertTrue(leftMs < 5000, "left after " + leftMs + " ms");

    Frame.Message m = erin.message("frank", "dave");
    erin.send(m);
    assertEquals(List.of("dave"), erin.next(Frame.Ack.class).missing());
    assertEquals(m.id(), frank.next(Frame.Message.class).id());

    // no ghost: the dead node's nick is free again, on any node
    WireClient dave2 = joinSeen(0, "dave", "k", erin, frank);
    dave2.send(new Frame.Quit());
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aRestartedNodeRejoinsAndACleanStopLosesNothing() throws Exception {
    nodes[2].close();
    nodes[2] = start("node3-again", 2);
    WireClient gina = join(0, "gina", "back");
    WireClient hank = new WireClient(nodes[2].port());
    clients.add(hank);
    Frame.Welcome hankWelcome = hank.hello("hank", "back");
    assertTrue(nicks(hankWelcome).stream().allMatch("gina"::equals), "the restarted node shows no one stale");
    hank.learnOf(hankWelcome, gina);
    assertEquals("hank", gina.next(Frame.Joined.class).nick());
    Frame.Message hi = hank.message("gina");
    hank.send(hi);
    assertEquals(List.of(), hank.next(Frame.Ack.class).missing());
    assertEquals(hi.id(), gina.next(Frame.Message.class).id());

    // a burst from node3 then SIGTERM: every acked message reaches gina on node1
    StringBuilder burst = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      burst.append(dev.chatroom.protocol.FrameCodec.encodeToString(hank.message("gina")));
    }
    hank.sendRaw(burst.toString());
    List<String> acked = new ArrayList<>();
    acked.add(hank.next(Frame.Ack.class).id()); // the burst is being relayed
    assertEquals(0, nodes[2].stop(), nodes[2].output()); // SIGTERM meanwhile
    try {
      for (Frame f = hank.next(); ; f = hank.next()) {
        if (f instanceof Frame.Ack ack) {
          acked.add(ack.id());
        }
      }
    } catch (AssertionError | java.io.IOException closedByRelay) {
      // the relay closed hank's connection while stopping
    }
    for (String id : acked) {
      assertEquals(id, gina.next(Frame.Message.class).id());
    }
    assertEquals("hank", gina.next(Frame.Left.class).nick());
    System.out.println("clean stop: " + acked.size() + " of 100 acked, all delivered across nodes");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aHungNodeIsReportedLeftAndMergesBack() throws Exception {
    WireClient jack = join(0, "jack", "s");
    WireClient kim = joinSeen(1, "kim", "s", jack);
    WireClient ivy = joinSeen(2, "ivy", "s", jack, kim);
    ivy.socket.setSoTimeout(60_000);

    long stopped = System.nanoTime();
    nodes[2].signal("STOP");
    try {
      Frame.Message m = jack.message("kim", "ivy");
      jack.send(m); // the others keep relaying while node3 hangs
      jack.next(Frame.Ack.class);
      assertEquals(m.id(), kim.next(Frame.Message.class).id());
      jack.socket.setSoTimeout(20_000);
      assertEquals("ivy", jack.next(Frame.Left.class).nick());
    } finally {
      nodes[2].signal("CONT");
    }
    long leftMs = (System.nanoTime() - stopped) / 1_000_000;
    System.out.println("SIGSTOP to left: " + leftMs + " ms");
    assertTrue(leftMs < 15_000, "left after " + leftMs + " ms");

    // after SIGCONT node3 is expelled, then merges back: delivery must recover both ways
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    boolean toIvy = false;
    boolean fromIvy = false;
    while (!(toIvy && fromIvy) && System.nanoTime() < deadline) {
      if (!toIvy) {
        Frame.Message m = jack.message("ivy");
        jack.send(m);
        toIvy = receives(ivy, m.id(), 1000);
      }
      if (toIvy && !fromIvy) {
        Frame.Message m = ivy.message("jack");
        ivy.send(m);
        fromIvy = receives(jack, m.id(), 1000);
      }
    }
    long recoveredMs = (System.nanoTime() - stopped) / 1_000_000;
    System.out.println("SIGSTOP to delivery both ways again (SIGCONT at left, then merge): " + recoveredMs + " ms");
    assertTrue(toIvy && fromIvy, "delivery recovered after the merge: to ivy " + toIvy + ", from ivy " + fromIvy);
    // and node3 knows the others again: its acks name nobody missing
    Frame.Message last = ivy.message("jack", "kim");
    ivy.send(last);
    assertTrue(ackedWithNoneMissing(ivy, last.id()));
  }

  /** Reads past other frames until message {@code id} arrives; false after {@code millis} of silence. */
  private static boolean receives(WireClient c, String id, int millis) throws Exception {
    c.socket.setSoTimeout(millis);
    try {
      for (Frame f = c.next(); ; f = c.next()) {
        if (f instanceof Frame.Message m && m.id().equals(id)) {
          return true;
        }
      }
    } catch (java.net.SocketTimeoutException silent) {
      return false;
    }
  }

  private static boolean ackedWithNoneMissing(WireClient c, String id) throws Exception {
    c.socket.setSoTimeout(5000);
    for (Frame f = c.next(); ; f = c.next()) {
      if (f instanceof Frame.Ack a && a.id().equals(id)) {
        return a.missing().isEmpty();
      }
    }
  }
}
