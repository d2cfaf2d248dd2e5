package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md sections 9-11 on one node, over real sockets (store: memory). */
class V2RelayTest extends V2RelayTestBase {

  /** Authenticated, with the catch-up of every room it is in read. */
  private V2Peer online(String nick) throws Exception {
    V2Peer p = peer(nick);
    Frame.Ready ready = p.authenticate();
    for (String room : ready.rooms()) {
      p.catchUp(room);
    }
    return p;
  }

  @Test
  void authThenReadyThenJoinWelcomesWithSeqAndVersions() throws Exception {
    startRelay();
    V2Peer alice = peer("alice");
    Frame.Ready ready = alice.authenticate();
    assertEquals("alice", ready.nick());
    assertEquals(List.of(), ready.rooms());
    Frame.Welcome w = alice.join("ops");
    assertEquals(0L, w.seq());
    assertEquals(List.of(), w.members());

    V2Peer bob = online("bob");
    Frame.Welcome wb = bob.join("ops");
    assertEquals(1, wb.members().size());
    Frame.Member a = wb.members().get(0);
    assertEquals("alice", a.nick());
    assertEquals(2, a.version());
    assertEquals(Boolean.TRUE, a.online());
    Frame.Joined joined = alice.next(Frame.Joined.class);
    assertEquals("bob", joined.nick());
    assertEquals("ops", joined.room());
    assertEquals(2, joined.version());
  }

  @Test
  void afterAuthAFrameOverThePreJoinLimitIsStoredNotRefused() throws Exception {
    startRelay();
    V2Peer alice = online("alice");
    alice.join("big");
    String[] many = new String[2_000]; // a sender_key for a 2,000-member room: about 110 KB here
    for (int i = 0; i < many.length; i++) {
      many[i] = "member" + i;
    }
    Frame.SenderKey big = alice.senderKey("big", many);
    assertTrue(dev.chatroom.protocol.FrameCodec.encode(big).length > 64 * 1024);
    Frame.Ack ack = alice.sendAcked(big);
    assertEquals(big.id(), ack.id());
  }

  @Test
  void aWrongSignatureIsBadAuthAndClosed() throws Exception {
    startRelay();
    V2Peer mallory = peer("alice");
    mallory.sendHello(null);
    mallory.next(Frame.Challenge.class);
    mallory.send(new Frame.Auth(java.util.Base64.getEncoder().encodeToString(new byte[64])));
    mallory.expectError("bad_auth");
    assertTrue(mallory.closedByRelay());
  }

  @Test
  void framesBeforeAuthAreNotJoined() throws Exception {
    startRelay();
    V2Peer alice = peer("alice");
    alice.sendHello(null);
    alice.next(Frame.Challenge.class);
    alice.send(new Frame.Join("ops"));
    alice.expectError("not_joined");
  }

  @Test
  void aRegisteredNickRefusesOtherKeysAndVersionOne() throws Exception {
    startRelay();
    online("alice").close();
    V2Peer impostor = new V2Peer(relay.port(), "alice", V2Peer.freshIdentity());
    peers.add(impostor);
    impostor.sendHello(null);
    impostor.next(Frame.Challenge.class);
    impostor.send(new Frame.Auth(new dev.chatroom.crypto.AuthChallenge("AAAA").sign(impostor.identity, "alice")));
    // the signature is over another nonce: refused before the nick is even looked at
    impostor.expectError("bad_auth");

    V2Peer again = new V2Peer(relay.port(), "alice", V2Peer.freshIdentity());
    peers.add(again);
    again.authenticateExpectingError("nick_registered");
    assertTrue(again.closedByRelay());

    WireClient v1 = connect();
    v1.send(new Frame.Hello(1, "alice", "lobby", WireClient.identity().encKey(), WireClient.identity().sigKey()));
    v1.expectError("nick_registered");
    assertTrue(v1.closedByRelay());
  }

  @Test
  void aSecondConnectionOfTheSameIdentityReplacesTheFirst() throws Exception {
    startRelay();
    V2Peer first = online("alice");
    V2Peer second = peer("alice");
    second.authenticate();
    first.expectError("replaced");
    assertTrue(first.closedByRelay());
  }

  @Test
  void storedMessagesAreAckedWithSeqAndDeliveredWrapped() throws Exception {
    startRelay();
    V2Peer alice = online("alice");
    alice.join("ops");
    V2Peer bob = online("bob");
    bob.join("ops");
    alice.next(Frame.Joined.class);
    Frame.Message m = alice.message("ops", "bob", "nobody");
    Frame.Ack ack = alice.sendAcked(m);
    assertEquals(m.id(), ack.id());
    assertEquals("ops", ack.room());
    assertEquals(1L, ack.seq());
    assertEquals(List.of("nobody"), ack.missing());
    Frame.Delivery d = bob.delivery();
    assertEquals(1L, d.seq());
    assertEquals("ops", d.room());
    assertEquals(m, d.frame());

    // a resend is acked with the first seq and not delivered again
    Frame.Ack again = alice.sendAcked(m);
    assertEquals(1L, again.seq());
    assertTrue(bob.silentFor(300));
  }

  @Test
  void anOfflineMemberCatchesUpInOrderFromItsSince() throws Exception {
    startRelay();
    V2Peer alice = online("alice");
    alice.join("ops");
    V2Peer bob = online("bob");
    bob.join("ops");
    alice.next(Frame.Joined.class);
    bob.close();
    assertInstanceOf(Frame.Presence.class, alice.next());
    for (int i = 0; i < 5; i++) {
      alice.sendAcked(alice.message("ops", "bob"));
    }
    V2Peer back = peer("bob");
    Frame.Ready ready = back.authenticate(Map.of("ops", 2L));
    assertEquals(List.of("ops"), ready.rooms());
    V2Peer.CatchUp c = back.catchUp("ops");
    assertEquals(List.of(3L, 4L, 5L), c.seqs());
    assertEquals(5L, c.synced().seq());
    assertEquals(5L, c.welcome().seq());
    Frame.Presence p = alice.next(Frame.Presence.class);
    assertTrue(p.online());

    // live again: the next one comes at once
    alice.sendAcked(alice.message("ops", "bob"));
    assertEquals(6L, back.delivery().seq());
  }

  @Test
  void withoutSinceEveryRetainedFrameIsReplayedAndNewMembersGetNothingEarlier() throws Exception {
    startRelay();
    V2Peer alice = online("alice");
    alice.join("ops");
    V2Peer bob = online("bob");
    bob.join("ops");
    alice.next(Frame.Joined.class);
    alice.sendAcked(alice.message("ops", "bob"));
    bob.delivery();
    V2Peer carol = online("carol");
    Frame.Welcome w = carol.join("ops");
    assertEquals(1L, w.seq());
    bob.close();
    carol.close();
    V2Peer bob2 = peer("bob");
    bob2.authenticate();
    assertEquals(List.of(1L), bob2.catchUp("ops").seqs());
    V2Peer carol2 = peer("carol");
    carol2.authenticate();
    assertEquals(List.of(), carol2.catchUp("ops").seqs(), "a new member gets no earlier frames");
  }

  @Test
  void groupMessagesGoToEveryVersionTwoMemberButTheSenderAndNeverToVersionOne() throws Exception {
    startRelay();
    V2Peer alice = online("alice");
    alice.join("ops");
    V2Peer bob = online("bob");
    bob.join("ops");
    alice.next(Frame.Joined.class);
    WireClient carol = join("carol", "ops");
    alice.next(Frame.Joined.class);
    bob.next(Frame.Joined.class);
    Frame.Ack ack = alice.sendAcked(alice.group("ops", 0));
    assertEquals(1L, ack.seq());
    assertEquals(List.of(), ack.missing());
    assertInstanceOf(Frame.GroupMessage.class, bob.delivery().frame());
    assertTrue(alice.silentFor(200), "not to the sender");
    assertTrue(carol.silentFor(200), "never to version 1");
  }

  @Test
  void partEndsTheMembership() throws Exception {
    startRelay();
    V2Peer alice = online("alice");
    alice.join("ops");
    V2Peer bob = online("bob");
    bob.join("ops");
    alice.next(Frame.Joined.class);
    bob.send(new Frame.Part("ops"));
    assertEquals("ops", bob.next(Frame.Parted.class).room());
    Frame.Left left = alice.next(Frame.Left.class);
    assertEquals("bob", left.nick());
    assertEquals("ops", left.room());
    bob.send(bob.message("ops", "alice"));
    Frame.Error e = bob.expectError("not_member");
    assertEquals("ops", e.room());
    assertEquals(List.of("bob"), alice.sendAcked(alice.message("ops", "bob")).missing());
    bob.send(new Frame.Part("ops"));
    bob.expectError("not_member");
  }

  @Test
  void quitOnlyClosesAndMembershipSurvives() throws Exception {
    startRelay();
    V2Peer bob = online("bob");
    bob.join("ops");
    bob.send(new Frame.Quit());
    assertTrue(bob.closedByRelay());
    V2Peer back = peer("bob");
    assertEquals(List.of("ops"), back.authenticate().rooms());
  }

  @Test
  void versionOneAndVersionTwoShareARoom() throws Exception {
    startRelay();
    V2Peer alice = online("alice");
    alice.join("lobby");
    WireClient carol = connect();
    Frame.Welcome cw = carol.hello("carol", "lobby");
    assertEquals(1, cw.members().size(), "a v1 user sees the online v2 member");
    assertEquals("alice", cw.members().get(0).nick());
    assertNull(cw.members().get(0).version(), "in the version 1 shape");
    Frame.Joined j = alice.next(Frame.Joined.class);
    assertEquals("carol", j.nick());
    assertEquals(1, j.version());
    assertEquals("lobby", j.room());

    // v2 -> v1: a message reaches the v1 user bare
    Frame.Message toCarol = alice.message("lobby", "carol");
    assertEquals(1L, alice.sendAcked(toCarol).seq());
    Frame.Message bare = carol.next(Frame.Message.class);
    assertEquals(toCarol, bare);

    // v1 -> v2: stored, acked the version 1 way, delivered wrapped
    Frame.Message toAlice = carol.message("alice");
    carol.send(toAlice);
    Frame.Ack v1ack = carol.next(Frame.Ack.class);
    assertNull(v1ack.seq());
    assertNull(v1ack.room());
    Frame.Delivery d = alice.delivery();
    assertEquals(2L, d.seq());
    assertEquals(toAlice, d.frame());

    // the v2 member going offline is a left for the v1 user, a presence for nobody else
    alice.close();
    assertEquals("alice", carol.next(Frame.Left.class).nick());
  }

  @Test
  void limitsOnRoomsPerMemberAndMembersPerRoom() throws Exception {
    startRelay(config().stored(new dev.chatroom.config.RelayConfig.Stored("memory", 365, 90, 2, 2, 10_000, 30)).build());
    V2Peer alice = online("alice");
    alice.join("a");
    alice.join("b");
    alice.send(new Frame.Join("c"));
    assertEquals("c", alice.expectError("too_many_rooms").room());
    online("bob").join("a");
    alice.next(Frame.Joined.class);
    V2Peer carol = online("carol");
    carol.send(new Frame.Join("a"));
    assertEquals("a", carol.expectError("room_full").room());
  }

  @Test
  void aRepeatedJoinWelcomesAtMostOncePerSecond() throws Exception {
    startRelay();
    V2Peer alice = online("alice");
    alice.join("ops");
    alice.send(new Frame.Join("ops"));
    alice.expectError("rate_limited");
  }

  @Test
  void roomsCountMembersOnlineOrNot() throws Exception {
    startRelay();
    V2Peer alice = online("alice");
    alice.join("ops");
    online("bob").join("ops");
    alice.next(Frame.Joined.class);
    peers.get(1).close();
    alice.next(Frame.Presence.class);
    alice.send(new Frame.RoomsRequest());
    Frame.RoomList list = alice.next(Frame.RoomList.class);
    assertEquals(List.of(new Frame.RoomInfo("ops", 2)), list.rooms());
  }

  @Test
  void aBusyRoomKeepsItsLastFramesWithoutWaitingForTheHourlyPass() throws Exception {
    // keep 50: the room is pruned after every 5 new frames, so catch-up finds 50 to 54, never 300
    startRelay(config().ratePerSecond(1e6).rateBurst(1_000_000)
        .stored(new dev.chatroom.config.RelayConfig.Stored("memory", 365, 90, 100, 10_000, 50, 30)).build());
    List<Long> seqs = catchUpAfterMissing(300);
    assertTrue(seqs.size() >= 50 && seqs.size() <= 55, "kept " + seqs.size() + " frames");
    assertEquals(300L, seqs.get(seqs.size() - 1));
  }

  @Test
  void aMemberAwayForAThousandMessagesGetsAllInOrderOnce() throws Exception {
    startRelay(config().ratePerSecond(1e6).rateBurst(1_000_000).build());
    List<Long> seqs = catchUpAfterMissing(1000);
    assertEquals(1000, seqs.size());
    for (int i = 0; i < 1000; i++) {
      assertEquals(i + 1, seqs.get(i));
    }
  }

  /** Bob goes offline, alice sends {@code messages} to him (each acked in order), bob comes back: the seqs he catches up. */
  private List<Long> catchUpAfterMissing(int messages) throws Exception {
    V2Peer alice = online("alice");
    alice.join("ops");
    V2Peer bob = online("bob");
    bob.join("ops");
    alice.next(Frame.Joined.class);
    bob.close();
    alice.next(Frame.Presence.class);
    for (int i = 0; i < messages; i++) {
      alice.send(alice.message("ops", "bob"));
    }
    for (int i = 1; i <= messages; i++) {
      assertEquals(i, alice.next(Frame.Ack.class).seq());
    }
    V2Peer back = peer("bob");
    back.authenticate(Map.of("ops", 0L));
    return back.catchUp("ops").seqs();
  }

  @Test
  void senderKeysGoToTheirNamedRecipients() throws Exception {
    startRelay();
    V2Peer alice = online("alice");
    alice.join("ops");
    V2Peer bob = online("bob");
    bob.join("ops");
    alice.next(Frame.Joined.class);
    V2Peer carol = online("carol");
    carol.join("ops");
    alice.next(Frame.Joined.class);
    bob.next(Frame.Joined.class);
    Frame.Ack ack = alice.sendAcked(alice.senderKey("ops", "bob"));
    assertNotNull(ack.seq());
    assertInstanceOf(Frame.SenderKey.class, bob.delivery().frame());
    assertTrue(carol.silentFor(200));
    assertFalse(ack.missing().contains("bob"));
  }

  @Test
  void aSenderDroppedMidBurstResendsAndNothingIsStoredOrDeliveredTwice() throws Exception {
    startRelay(config().ratePerSecond(1e6).rateBurst(1_000_000).build());
    V2Peer alice = online("alice");
    alice.join("ops");
    V2Peer bob = online("bob");
    bob.join("ops");
    alice.next(Frame.Joined.class);
    List<Frame.Message> burst = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      burst.add(alice.message("ops", "bob"));
    }
    for (Frame.Message m : burst.subList(0, 30)) {
      alice.send(m);
    }
    alice.close(); // gone before reading a single ack
    V2Peer again = peer("alice");
    again.authenticate(Map.of("ops", 0L));
    again.catchUp("ops");
    for (Frame.Message m : burst) { // the client resends every frame it has not seen acked, unchanged
      again.send(m);
    }
    java.util.Set<Long> seqs = new java.util.TreeSet<>();
    for (int i = 0; i < 50; i++) {
      seqs.add(again.next(Frame.Ack.class).seq());
    }
    assertEquals(50, seqs.size(), "one seq per message, the first one for each resend");
    assertEquals(50L, (long) ((java.util.TreeSet<Long>) seqs).last());
    List<String> ids = new ArrayList<>();
    while (ids.size() < 50) {
      Frame f = bob.next();
      if (f instanceof Frame.Delivery d) {
        ids.add(((Frame.Message) d.frame()).id());
      } else {
        assertInstanceOf(Frame.Presence.class, f); // alice went and came back
      }
    }
    assertEquals(burst.stream().map(Frame.Message::id).toList(), ids, "each once, in order");
    while (true) { // her presence may still be on its way; then nothing more
      Frame f = bob.nextWithin(300);
      if (f == null) {
        break;
      }
      assertInstanceOf(Frame.Presence.class, f);
    }
  }
}
