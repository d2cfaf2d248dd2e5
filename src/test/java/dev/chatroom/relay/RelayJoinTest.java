package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RelayJoinTest extends RelayTestBase {
  // a Vert.x 5 NetClient nobody references is garbage-collected and its sockets closed
  private NetClient client;


  @BeforeEach
  void relay() throws Exception {
    startRelay();
  }

  @Test
  void welcomeListsOthersAndOthersHearJoined() throws Exception {
    WireClient alice = join("alice");
    WireClient bob = connect();
    Frame.Welcome w = bob.hello("bob", "lobby");
    assertEquals(List.of("alice"), w.members().stream().map(Frame.Member::nick).toList());
    assertEquals(WireClient.identity().encKey(), w.members().get(0).encKey());
    Frame.Joined j = alice.next(Frame.Joined.class);
    assertEquals("bob", j.nick());
    assertEquals(WireClient.identity().sigKey(), j.sigKey());
  }

  /** The same story as events on the test's Vert.x: a step that never happens fails as its own checkpoint. */
  @Test
  void joinedQuitAndLeftArriveInOrder(VertxTestContext ctx) {
    client = vertx.createNetClient();
    int port = relay.port();
    Checkpoint aliceWelcomed = ctx.checkpoint();
    Checkpoint bobWelcomedWithAlice = ctx.checkpoint();
    Checkpoint aliceHearsBobJoin = ctx.checkpoint();
    Checkpoint bobClosedAfterQuit = ctx.checkpoint();
    Checkpoint aliceHearsBobLeave = ctx.checkpoint();
    AtomicReference<VertxPeer> bob = new AtomicReference<>();
    VertxPeer.hello(client, port, "alice", "lobby", ctx, frame -> {
      if (frame instanceof Frame.Welcome w) {
        assertEquals(List.of(), w.members());
        aliceWelcomed.flag();
        VertxPeer.hello(client, port, "bob", "lobby", ctx, toBob -> {
          Frame.Welcome bw = assertInstanceOf(Frame.Welcome.class, toBob, "bob hears nothing but his welcome");
          assertEquals(List.of("alice"), bw.members().stream().map(Frame.Member::nick).toList());
          bobWelcomedWithAlice.flag();
        }).onComplete(ctx.succeeding(peer -> {
          bob.set(peer);
          peer.closed().onComplete(ctx.succeeding(v -> bobClosedAfterQuit.flag()));
        }));
      } else if (frame instanceof Frame.Joined j) {
        assertEquals("bob", j.nick());
        aliceHearsBobJoin.flag();
        bob.get().send(new Frame.Quit()); // set: bob's connect completed before the relay read his hello
      } else {
        assertEquals("bob", assertInstanceOf(Frame.Left.class, frame, "alice's next frame").nick());
        aliceHearsBobLeave.flag();
      }
    }).onComplete(ctx.succeeding(alice -> { }));
  }

  @Test
  void helloWithoutRoomJoinsLobby() throws Exception {
    WireClient c = connect();
    c.sendRaw("{\"type\":\"hello\",\"version\":1,\"nick\":\"zed\",\"enc_key\":\"" + WireClient.identity().encKey()
        + "\",\"sig_key\":\"" + WireClient.identity().sigKey() + "\"}\n");
    assertEquals("lobby", c.next(Frame.Welcome.class).room());
  }

  @Test
  void nickTakenInTheSameRoomButFreeInAnother() throws Exception {
    join("alice");
    WireClient second = connect();
    second.send(new Frame.Hello(1, "alice", "lobby", WireClient.identity().encKey(), WireClient.identity().sigKey()));
    second.expectError("nick_taken");
    assertEquals("ops", second.hello("alice", "ops").room());
  }

  @Test
  void leftIsSentOnDisconnectAndOnQuit() throws Exception {
    WireClient alice = join("alice");
    WireClient bob = join("bob");
    WireClient carol = join("carol");
    alice.next(Frame.Joined.class);
    alice.next(Frame.Joined.class);
    bob.next(Frame.Joined.class);
    bob.close();
    assertEquals("bob", alice.next(Frame.Left.class).nick());
    assertEquals("bob", carol.next(Frame.Left.class).nick());
    carol.send(new Frame.Quit());
    assertTrue(carol.closedByRelay());
    assertEquals("carol", alice.next(Frame.Left.class).nick());
    WireClient bob2 = join("bob");
    assertEquals("bob", alice.next(Frame.Joined.class).nick());
    bob2.close();
  }

  @Test
  void switchingRoomsTellsBothRooms() throws Exception {
    WireClient alice = join("alice");
    WireClient bob = join("bob");
    WireClient ops = join("dave", "ops");
    alice.next(Frame.Joined.class);
    bob.send(new Frame.Join("ops"));
    Frame.Welcome w = bob.next(Frame.Welcome.class);
    assertEquals("ops", w.room());
    assertEquals(List.of("dave"), w.members().stream().map(Frame.Member::nick).toList());
    assertEquals("bob", alice.next(Frame.Left.class).nick());
    assertEquals("bob", ops.next(Frame.Joined.class).nick());
  }

  @Test
  void failedSwitchLeavesTheClientWhereItWas() throws Exception {
    WireClient alice = join("alice");
    join("alice", "ops");
    alice.send(new Frame.Join("ops"));
    alice.expectError("nick_taken");
    alice.send(new Frame.Join("bad room"));
    alice.expectError("bad_room");
    WireClient bob = join("bob");
    assertEquals("bob", alice.next(Frame.Joined.class).nick());
    bob.send(bob.message("alice"));
    assertEquals(List.of(), bob.next(Frame.Ack.class).missing());
    alice.next(Frame.Message.class);
  }

  @Test
  void roomsAreListedSortedWithCounts() throws Exception {
    join("a", "zeta");
    join("b", "alpha");
    WireClient c = join("c", "alpha");
    c.send(new Frame.RoomsRequest());
    assertEquals(List.of(new Frame.RoomInfo("alpha", 2), new Frame.RoomInfo("zeta", 1)),
        c.next(Frame.RoomList.class).rooms());
  }

  @Test
  void onlyHelloPingAndQuitBeforeJoining() throws Exception {
    WireClient c = connect();
    c.send(new Frame.Ping());
    c.next(Frame.Pong.class);
    c.send(new Frame.RoomsRequest());
    c.expectError("not_joined");
    c.send(new Frame.Join("ops"));
    c.expectError("not_joined");
    c.sendRaw("{\"type\":\"message\",\"id\":\"0b7e6a8e-4b1c-4c3e-9f00-1234567890ab\",\"room\":\"lobby\",\"from\":\"x\","
        + "\"sent\":1,\"encrypted_message\":\"t\",\"encrypted_keys\":{\"y\":\"k\"},\"signature\":\""
        + "A".repeat(86) + "==\"}\n");
    Frame.Error e = c.expectError("not_joined");
    assertEquals("0b7e6a8e-4b1c-4c3e-9f00-1234567890ab", e.id());
    c.hello("late", "lobby");
  }

  @Test
  void secondHelloIsAlreadyJoined() throws Exception {
    WireClient c = join("alice");
    c.send(new Frame.Hello(1, "alice2", "lobby", WireClient.identity().encKey(), WireClient.identity().sigKey()));
    c.expectError("already_joined");
    c.send(new Frame.Ping());
    c.next(Frame.Pong.class);
  }

  @Test
  void keysThatDoNotParseOrHaveTheWrongSizeAreBadKey() throws Exception {
    WireClient c = connect();
    c.send(new Frame.Hello(1, "alice", "lobby", "bm90IGEga2V5", WireClient.identity().sigKey()));
    c.expectError("bad_key");
    // an Ed25519 key where the RSA key belongs
    c.send(new Frame.Hello(1, "alice", "lobby", WireClient.identity().sigKey(), WireClient.identity().sigKey()));
    c.expectError("bad_key");
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    String small = java.util.Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    c.send(new Frame.Hello(1, "alice", "lobby", small, WireClient.identity().sigKey()));
    c.expectError("bad_key");
    c.hello("alice", "lobby");
  }

  @Test
  void wrongVersionAndBadNickAreRefusedAndTheClientMayRetry() throws Exception {
    WireClient c = connect();
    c.sendRaw("{\"type\":\"hello\",\"version\":3,\"nick\":\"alice\",\"enc_key\":\"x\",\"sig_key\":\"y\"}\n");
    c.expectError("unsupported_version");
    c.send(new Frame.Hello(1, "al ice", "lobby", WireClient.identity().encKey(), WireClient.identity().sigKey()));
    c.expectError("bad_nick");
    c.send(new Frame.Hello(1, "x".repeat(33), "lobby", WireClient.identity().encKey(), WireClient.identity().sigKey()));
    c.expectError("bad_nick");
    c.hello("alice", "lobby");
  }
}
