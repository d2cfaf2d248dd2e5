package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routing of version 1 messages without sockets: a real replica fed membership events, and
 * recipients that keep what they are given in place of connections.
 */
class RouterTest {
  private static final String SELF = "node-a";

  /** A local recipient: the lines written to it, in order. */
  private static final class Inbox implements Router.Recipient {
    final List<String> lines = new ArrayList<>();

    @Override
    public void deliver(Buffer line) { lines.add(line.toString()); }
  }

  private final MemberReplica replica = new MemberReplica();
  private final Map<String, Map<String, Inbox>> local = new HashMap<>();
  private final Map<String, Integer> lookups = new HashMap<>();
  private Router router;

  @BeforeEach
  void setUp() {
    // counts each replica lookup: a recipient must be resolved once per message
    Router.Locator counting = (room, nick) -> {
      lookups.merge(room + "/" + nick, 1, Integer::sum);
      return replica.find(room, nick);
    };
    router = new Router(SELF, counting, room -> local.getOrDefault(room, Map.of()));
  }

  private Inbox here(String room, String nick) {
    replica.apply(new MembershipEvent.Joined(MemberReplicaTest.member(room, nick, SELF, nick + "-session")));
    return local.computeIfAbsent(room, r -> new HashMap<>()).computeIfAbsent(nick, n -> new Inbox());
  }

  private void there(String room, String nick, String node) {
    replica.apply(new MembershipEvent.Joined(MemberReplicaTest.member(room, nick, node, nick + "-session")));
  }

  private Map<String, List<RoomBatch>> flushed() {
    Map<String, List<RoomBatch>> sent = new LinkedHashMap<>();
    router.flush((node, batch) -> sent.computeIfAbsent(node, n -> new ArrayList<>()).add(batch));
    return sent;
  }

  @Test
  void eachRecipientIsResolvedOnceAndGetsTheLineWhereItIs() {
    here("lobby", "alice");
    Inbox bob = here("lobby", "bob");
    there("lobby", "carol", "node-b");
    there("lobby", "dave", "node-b");
    there("lobby", "erin", "node-c");
    List<String> missing = router.route("lobby", "alice",
        List.of("bob", "carol", "dave", "erin", "zoe", "alice"), Buffer.buffer("m1"));

    assertEquals(List.of("zoe", "alice"), missing, "absent and the sender itself are missing, in the order named");
    assertEquals(List.of("m1"), bob.lines, "a recipient on this node is written at once");
    lookups.forEach((who, n) -> assertEquals(1, n, who + " looked up " + n + " times"));
    assertEquals(6, lookups.size() + 1, "every recipient but the sender is looked up");

    Map<String, List<RoomBatch>> sent = flushed();
    assertEquals(List.of("node-b", "node-c"), List.copyOf(sent.keySet()), "one send per node with recipients");
    RoomBatch toB = sent.get("node-b").get(0);
    assertEquals("lobby", toB.room);
    assertEquals(1, toB.entries.size(), "one entry for both of node-b's recipients");
    assertEquals(List.of("carol", "dave"), toB.entries.get(0).recipients());
    assertEquals("m1", toB.entries.get(0).line().toString());
    assertEquals(List.of("erin"), sent.get("node-c").get(0).entries.get(0).recipients());
    assertTrue(flushed().isEmpty(), "a flush forgets what it sent");
  }

  @Test
  void aTasksMessagesToOneNodeShareOneBatchPerRoomInOrder() {
    here("lobby", "alice");
    there("lobby", "carol", "node-b");
    there("ops", "carol", "node-b");
    router.route("lobby", "alice", List.of("carol"), Buffer.buffer("m1"));
    router.route("ops", "x", List.of("carol"), Buffer.buffer("o1"));
    router.route("lobby", "alice", List.of("carol"), Buffer.buffer("m2"));
    List<RoomBatch> toB = flushed().get("node-b");
    assertEquals(2, toB.size(), "one batch per room");
    RoomBatch lobby = toB.get(0);
    assertEquals("lobby", lobby.room);
    assertEquals(List.of("m1", "m2"), lobby.entries.stream().map(e -> e.line().toString()).toList());
    assertEquals("ops", toB.get(1).room);
  }

  @Test
  void aMemberWhoseConnectionIsGoneIsPresentButWrittenNowhere() {
    replica.apply(new MembershipEvent.Joined(MemberReplicaTest.member("lobby", "bob", SELF, "s")));
    Router.Route route = router.resolve("lobby", "alice", "bob", Map.of());
    assertInstanceOf(Router.Route.Closing.class, route);
    assertEquals(List.of(), router.route("lobby", "alice", List.of("bob"), Buffer.buffer("m")));
    assertTrue(flushed().isEmpty(), "nothing crosses the cluster for a local member");
  }

  @Test
  void aLeaveOrAMoveChangesTheRouteOfTheNextMessage() {
    Inbox bob = here("lobby", "bob");
    Router.Route first = router.resolve("lobby", "alice", "bob", local.get("lobby"));
    assertSame(bob, ((Router.Route.Here) first).to());
    // bob reconnects through node-b: the new session replaces the old one in the replica
    replica.apply(new MembershipEvent.Joined(MemberReplicaTest.member("lobby", "bob", "node-b", "s2")));
    assertEquals(new Router.Route.There("node-b"), router.resolve("lobby", "alice", "bob", local.get("lobby")));
    replica.apply(new MembershipEvent.Left(MemberReplicaTest.member("lobby", "bob", "node-b", "s2")));
    assertEquals(List.of("bob"), router.route("lobby", "alice", List.of("bob"), Buffer.buffer("m")));
  }

  @Test
  void aBatchFromAnotherNodeReachesOnlyItsRecipientsStillHere() {
    Inbox bob = here("lobby", "bob");
    Inbox carol = here("lobby", "carol");
    RoomBatch batch = new RoomBatch("lobby");
    batch.add(Buffer.buffer("m1"), List.of("bob", "gone"));
    batch.add(Buffer.buffer("m2"), List.of("bob", "carol"));
    router.arrived(batch);
    assertEquals(List.of("m1", "m2"), bob.lines);
    assertEquals(List.of("m2"), carol.lines);
    RoomBatch elsewhere = new RoomBatch("ops");
    elsewhere.add(Buffer.buffer("x"), List.of("bob"));
    router.arrived(elsewhere);
    assertEquals(2, bob.lines.size(), "bob is not in ops on this node");
  }
}
