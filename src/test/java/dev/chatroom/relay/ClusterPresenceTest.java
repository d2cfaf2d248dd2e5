package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Presence between version 2 nodes, over a real (local) event bus: which nodes a room's stored
 * batches go to, and the resync that heals a view after presence events were lost. Each node
 * here is a {@link ClusterPresence} with its own id; the relay side is a recorder of what it is
 * told and the list of sessions it reports.
 */
class ClusterPresenceTest {
  private Vertx vertx;
  private Context ctx;

  /** A node's relay side: what presence told it, and its own sessions. */
  private static final class Node implements ClusterPresence.Listener {
    final String id;
    final List<String> told = new CopyOnWriteArrayList<>();
    final List<ClusterPresence.Event> sessions = new CopyOnWriteArrayList<>();
    final Set<String> here = new HashSet<>();
    ClusterPresence presence;

    Node(String id) { this.id = id; }

    /** A session online here in {@code rooms}, as {@link V2Cluster#localState} reports it. */
    void session(String nick, String... rooms) {
      sessions.add(new ClusterPresence.Event(ClusterPresence.Event.ONLINE, id, nick, null, "fp-" + nick, "enc", "sig", false));
      for (String room : rooms) {
        sessions.add(new ClusterPresence.Event(ClusterPresence.Event.ENTER, id, nick, room, null, "enc", "sig", false));
      }
    }

    @Override public void remoteOnline(String nick, String fingerprint) { told.add("online " + nick); }

    @Override public void remoteEntered(String room, String nick, String encKey, String sigKey, boolean member) {
      told.add("entered " + room + " " + nick + (member ? " as member" : ""));
    }

    @Override public void remoteLeft(String room, String nick, boolean member) {
      told.add("left " + room + " " + nick + (member ? " as member" : ""));
    }

    @Override public List<ClusterPresence.Event> localState() { return new ArrayList<>(sessions); }

    @Override public boolean onlineHere(String nick) { return here.contains(nick); }

    @Override public void memberSeen(String room, String nick) { told.add("member " + room + " " + nick); }
  }

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
    ctx = vertx.getOrCreateContext();
  }

  @AfterEach
  void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Runs {@code task} on the nodes' event loop (presence is single-threaded) and returns its result. */
  private <T> T on(Callable<T> task) throws Exception {
    CompletableFuture<T> out = new CompletableFuture<>();
    ctx.runOnContext(v -> {
      try {
        out.complete(task.call());
      } catch (Exception e) {
        out.completeExceptionally(e);
      }
    });
    return out.get(10, TimeUnit.SECONDS);
  }

  private Node node(String id) throws Exception {
    Node n = new Node(id);
    n.presence = new ClusterPresence(vertx, id, n);
    CompletableFuture<Void> started = new CompletableFuture<>();
    ctx.runOnContext(v -> n.presence.start().onComplete(r -> started.complete(null)));
    started.get(10, TimeUnit.SECONDS);
    return n;
  }

  private void await(Callable<Boolean> condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!on(condition)) {
      assertTrue(System.nanoTime() < deadline, what);
      Thread.sleep(10);
    }
  }

  @Test
  void aResyncHealsALostOnlineAndALostOffline() throws Exception {
    Node a = node("A");
    Node b = node("B");
    b.session("hal", "r1"); // hal came online on B, and every event of it was lost
    assertFalse(on(() -> a.presence.isOnline("hal")));
    assertEquals(Set.of(), on(() -> a.presence.nodesIn("r1")));

    on(() -> { a.presence.resync(Set.of("A", "B")); return null; });
    await(() -> a.presence.isOnline("hal"), "the resync never showed hal online on B");
    assertEquals(Set.of("B"), on(() -> Set.copyOf(a.presence.nodesIn("r1"))), "r1's batches go to B now");
    assertTrue(a.told.contains("entered r1 hal"), "A's room hears hal is there: " + a.told);
    assertTrue(a.told.contains("member r1 hal"), "and A's member index has hal: " + a.told);
    assertFalse(a.told.contains("online hal"), "old news replaces no one: " + a.told);

    int before = on(() -> a.presence.resyncs());
    on(() -> { a.presence.resync(Set.of("B")); return null; });
    await(() -> a.presence.resyncs() > before, "the second resync never answered");
    assertEquals(1, a.told.stream().filter("entered r1 hal"::equals).count(), "a resync that changes nothing tells nothing");

    b.sessions.clear(); // hal went offline on B, and that event was lost too
    on(() -> { a.presence.resync(Set.of("B")); return null; });
    await(() -> !a.presence.isOnline("hal"), "the resync never took hal offline");
    assertEquals(Set.of(), on(() -> a.presence.nodesIn("r1")), "r1's batches no longer go to B");
    assertTrue(a.told.contains("left r1 hal"), "A's room hears hal is gone: " + a.told);
  }

  @Test
  void aResyncMovesRoomsAndLeavesANickOnlineHereAlone() throws Exception {
    Node a = node("A");
    Node b = node("B");
    b.presence.online("hal", "fp-hal", "enc", "sig");
    b.presence.entered("r1", "hal", "enc", "sig", false);
    await(() -> a.presence.nodesIn("r1").contains("B"), "A never heard hal enter r1");
    b.sessions.clear();
    b.session("hal", "r2"); // hal left r1 and entered r2; A missed both
    b.session("ivy", "r1");
    a.here.add("ivy"); // ivy just connected to A: B's snapshot of ivy is older than that
    on(() -> { a.presence.resync(Set.of("B")); return null; });
    await(() -> a.presence.nodesIn("r2").contains("B"), "the resync never moved hal to r2");
    assertEquals(Set.of(), on(() -> a.presence.nodesIn("r1")), "no one of B is in r1 as A sees it");
    assertTrue(a.told.contains("left r1 hal"), a.told.toString());
    assertFalse(on(() -> a.presence.isOnline("ivy")), "a nick online here is not taken for B's");
  }

  @Test
  void storedBatchesGoOnlyToNodesWithSessionsInTheRoom() throws Exception {
    Node a = node("A");
    Node b = node("B");
    Node c = node("C");
    b.presence.online("hal", "fp-hal", "enc", "sig");
    b.presence.entered("r1", "hal", "enc", "sig", false);
    c.presence.online("cal", "fp-cal", "enc", "sig");
    c.presence.entered("r2", "cal", "enc", "sig", false);
    await(() -> a.presence.nodesIn("r2").contains("C"), "A never heard cal enter r2");
    await(() -> a.presence.nodesIn("r1").contains("B"), "A never heard hal enter r1");
    assertEquals(Set.of("B"), on(() -> Set.copyOf(a.presence.nodesIn("r1"))), "C has no one in r1: no batch of r1");
    assertEquals(Set.of(), on(() -> a.presence.nodesIn("r3")), "a room with no one elsewhere goes nowhere");

    b.presence.left("r1", "hal", false);
    await(() -> a.presence.nodesIn("r1").isEmpty(), "hal left r1, B still gets r1's batches");
    b.presence.entered("r1", "hal", "enc", "sig", false);
    await(() -> a.presence.nodesIn("r1").contains("B"), "hal entered r1 again");
    on(() -> { a.presence.nodeGone("B"); return null; });
    assertEquals(Set.of(), on(() -> a.presence.nodesIn("r1")), "a dead node gets no batches");
    assertEquals(Set.of("C"), on(() -> Set.copyOf(a.presence.nodesIn("r2"))));
  }
}
