package dev.chatroom.crypto.senderkey;

import static dev.chatroom.crypto.senderkey.Members.CLOCK;
import static dev.chatroom.crypto.senderkey.Members.identity;
import static dev.chatroom.crypto.senderkey.Members.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.PeerKeys;
import dev.chatroom.crypto.SenderKeySigningInput;
import dev.chatroom.crypto.Signatures;
import dev.chatroom.crypto.senderkey.GroupRejected.Reason;
import dev.chatroom.crypto.senderkey.Members.Receiver;
import dev.chatroom.protocol.Frame;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sealing and opening between real identities: order, reordering, replays, late joiners. */
class GroupMessageTest {
  private final GroupSealer sealer = new GroupSealer(CLOCK);
  private SenderChain chain;
  private Receiver bob;

  @BeforeEach
  void epoch() throws Exception {
    chain = SenderChain.start("lobby", CLOCK);
    bob = new Receiver("bob");
    assertEquals(ReceiverKeys.Added.ADDED, bob.accept(distribute("bob"), "alice"));
  }

  private Frame.SenderKey distribute(String... nicks) throws Exception {
    List<PeerKeys> to = new ArrayList<>();
    for (String n : nicks) {
      to.add(peer(n));
    }
    List<Frame.SenderKey> frames = sealer.distribute(identity("alice"), "alice", chain, to);
    assertEquals(1, frames.size());
    return frames.get(0);
  }

  private Frame.GroupMessage seal(String text) throws Exception {
    return sealer.seal(identity("alice"), "alice", chain, Payload.text(text));
  }

  @Test
  void opensInOrderWithIndexesCountingFromZero() throws Exception {
    for (int i = 0; i < 5; i++) {
      Frame.GroupMessage m = seal("line " + i);
      assertEquals(i, m.index());
      assertEquals(chain.epoch(), m.epoch());
      assertEquals("line " + i, bob.open(m, "alice"));
    }
    assertEquals(0, bob.keys.totalSkipped());
  }

  @Test
  void aReplayedMessageIsDropped() throws Exception {
    Frame.GroupMessage m = seal("once");
    assertEquals("once", bob.open(m, "alice"));
    GroupRejected e = assertThrows(GroupRejected.class, () -> bob.open(m, "alice"));
    assertEquals(Reason.REPLAY, e.reason());
  }

  @Test
  void reorderedMessagesOpenOnceEachThroughSkippedKeys() throws Exception {
    List<Frame.GroupMessage> sent = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      sent.add(seal("m" + i));
    }
    int[] order = {3, 0, 5, 1, 4, 2};
    for (int i : order) {
      assertEquals("m" + i, bob.open(sent.get(i), "alice"));
    }
    assertEquals(0, bob.keys.totalSkipped(), "every skipped key is deleted once used");
    for (int i : order) {
      assertEquals(Reason.REPLAY,
          assertThrows(GroupRejected.class, () -> bob.open(sent.get(i), "alice")).reason());
    }
  }

  @Test
  void aWrongSignatureIsRejectedBeforeAnyStateChanges() throws Exception {
    List<Frame.GroupMessage> sent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sent.add(seal("m" + i));
    }
    Frame.GroupMessage last = sent.get(3);
    // Signed by mallory, and a copy whose index was moved: neither may touch alice's chain.
    Frame.GroupMessage forged = new Frame.GroupMessage(last.id(), last.room(), last.from(),
        last.sent(), last.epoch(), last.index(), last.encryptedMessage(),
        new GroupSealer(CLOCK).seal(identity("mallory"), "alice", SenderChain.start("lobby", CLOCK),
            Payload.text("x")).signature());
    Frame.GroupMessage moved = new Frame.GroupMessage(last.id(), last.room(), last.from(),
        last.sent(), last.epoch(), 2, last.encryptedMessage(), last.signature());
    assertEquals(Reason.BAD_SIGNATURE,
        assertThrows(GroupRejected.class, () -> bob.open(forged, "alice")).reason());
    assertEquals(Reason.BAD_SIGNATURE,
        assertThrows(GroupRejected.class, () -> bob.open(moved, "alice")).reason());
    assertEquals(0, bob.keys.totalSkipped(), "no keys were skipped for a forged frame");
    for (int i = 0; i < 4; i++) {
      assertEquals("m" + i, bob.open(sent.get(i), "alice"));
    }
  }

  @Test
  void aSenderKeyWithAWrongSignatureAddsNothing() throws Exception {
    Receiver carol = new Receiver("carol");
    Frame.SenderKey k = distribute("carol");
    Frame.SenderKey forged = new Frame.SenderKey(k.id(), k.room(), k.from(), k.sent(),
        k.epoch(), k.index() + 1, k.encryptedKeys(), k.signature());
    assertEquals(Reason.BAD_SIGNATURE,
        assertThrows(GroupRejected.class, () -> carol.accept(forged, "alice")).reason());
    assertFalse(carol.keys.holds("lobby", "alice", k.epoch()));
    assertEquals(ReceiverKeys.Added.ADDED, carol.accept(k, "alice"));
  }

  @Test
  void aTokenThatFailsToDecryptLeavesTheKeyForTheGenuineCopy() throws Exception {
    Frame.GroupMessage m = seal("real");
    // Alice's own signature over a broken token: the key must not be spent on it.
    SenderChain other = SenderChain.start("lobby", CLOCK);
    Frame.GroupMessage junk = sealer.seal(identity("alice"), "alice", other, Payload.text("junk"));
    byte[] signature = Signatures.sign(identity("alice").ed25519().getPrivate(),
        SenderKeySigningInput.groupMessage(m.room(), m.from(), m.id(),
            m.sent(), m.epoch(), m.index(), junk.encryptedMessage()));
    Frame.GroupMessage broken = new Frame.GroupMessage(m.id(), m.room(), m.from(), m.sent(),
        m.epoch(), m.index(), junk.encryptedMessage(),
        Base64.getEncoder().encodeToString(signature));
    assertEquals(Reason.DECRYPT_FAILED,
        assertThrows(GroupRejected.class, () -> bob.open(broken, "alice")).reason());
    assertEquals("real", bob.open(m, "alice"));
  }

  @Test
  void aSecondSenderKeyForAHeldEpochIsIgnored() throws Exception {
    seal("m0");
    Frame.GroupMessage m1 = seal("m1");
    // A newer copy at index 2 must not move bob's chain past m1.
    assertEquals(ReceiverKeys.Added.ALREADY_HELD, bob.accept(distribute("bob"), "alice"));
    assertEquals("m1", bob.open(m1, "alice"));
  }

  @Test
  void aSenderKeyNotNamingMeIsRefused() throws Exception {
    Receiver carol = new Receiver("carol");
    Frame.SenderKey k = distribute("dave");
    assertEquals(Reason.NOT_A_RECIPIENT,
        assertThrows(GroupRejected.class, () -> carol.accept(k, "alice")).reason());
  }

  @Test
  void aLateJoinerReadsFromItsJoinOnOnly() throws Exception {
    Frame.GroupMessage before = seal("before carol");
    Receiver carol = new Receiver("carol");
    Map<String, MemberView> now = Map.of("bob", Members.trusted("bob"),
        "carol", Members.trusted("carol"));
    List<PeerKeys> needing =
        KeyDistribution.needingKey(chain.facts(), now.values(), "alice");
    assertEquals(List.of("carol"), needing.stream().map(p -> p.nick()).toList());
    Frame.SenderKey k = sealer.distribute(identity("alice"), "alice", chain, needing).get(0);
    assertEquals(1, k.index());
    carol.accept(k, "alice");
    Frame.GroupMessage after = seal("after carol");
    assertEquals("after carol", carol.open(after, "alice"));
    assertEquals(Reason.REPLAY,
        assertThrows(GroupRejected.class, () -> carol.open(before, "alice")).reason(),
        "an index before the key's cannot be derived");
    assertEquals("before carol", bob.open(before, "alice"));
    assertEquals("after carol", bob.open(after, "alice"));
  }

  @Test
  void aPartedMemberCannotReadTheNextEpoch() throws Exception {
    Receiver carol = new Receiver("carol");
    carol.accept(distribute("carol"), "alice");
    chain.memberDeparted("carol");
    RotationPolicy policy = new RotationPolicy(CLOCK);
    assertEquals(RotationReason.MEMBER_LEFT,
        policy.reason(chain.facts(), List.of(Members.trusted("bob"))).orElseThrow());
    chain.destroy();
    chain = SenderChain.start("lobby", CLOCK);
    bob.accept(distribute("bob"), "alice");
    Frame.GroupMessage m = seal("carol is gone");
    assertEquals("carol is gone", bob.open(m, "alice"));
    assertEquals(Reason.UNKNOWN_EPOCH,
        assertThrows(GroupRejected.class, () -> carol.open(m, "alice")).reason());
  }

  @Test
  void messagesWhoseKeyNeverArrivedGiveOneWarningPerSenderAndEpoch() throws Exception {
    Receiver dave = new Receiver("dave");
    for (int i = 0; i < 3; i++) {
      Frame.GroupMessage m = seal("lost " + i);
      assertEquals(Reason.UNKNOWN_EPOCH,
          assertThrows(GroupRejected.class, () -> dave.open(m, "alice")).reason());
    }
    List<MissingKeys.Warning> warnings = dave.missing.takeWarnings();
    assertEquals(1, warnings.size());
    assertEquals("3 messages from alice could not be decrypted: alice's key for this room"
        + " never reached this device.", warnings.get(0).text());
    Frame.GroupMessage m = seal("lost 3");
    assertThrows(GroupRejected.class, () -> dave.open(m, "alice"));
    assertTrue(dave.missing.takeWarnings().isEmpty(), "one warning per sender and epoch");
    assertEquals(4, dave.missing.count("lobby", "alice", chain.epoch()));
  }

  @Test
  void aKeyUnderAnotherSigningKeyDoesNotOpenTheEpoch() throws Exception {
    Frame.GroupMessage m = seal("hi");
    // The same nick and epoch, verified with someone else's key: not the chain bob holds.
    Frame.GroupMessage byMallory = new GroupSealer(CLOCK).seal(identity("mallory"), "alice",
        chain, Payload.text("spoof"));
    GroupRejected e = assertThrows(GroupRejected.class,
        () -> bob.opener.open(byMallory, identity("mallory").ed25519().getPublic()));
    assertEquals(Reason.UNKNOWN_EPOCH, e.reason());
    assertEquals("hi", bob.open(m, "alice"));
  }

  @Test
  void malformedFramesAreRefusedWithoutState() throws Exception {
    Frame.GroupMessage m = seal("x");
    for (Frame.GroupMessage bad : List.of(
        new Frame.GroupMessage(m.id(), m.room(), m.from(), m.sent(), "ABC", m.index(),
            m.encryptedMessage(), m.signature()),
        new Frame.GroupMessage(m.id(), m.room(), m.from(), m.sent(), m.epoch().toUpperCase(),
            m.index(), m.encryptedMessage(), m.signature()),
        new Frame.GroupMessage(m.id(), m.room(), m.from(), m.sent(), m.epoch(), -1,
            m.encryptedMessage(), m.signature()),
        new Frame.GroupMessage(m.id(), m.room(), m.from(), m.sent(), m.epoch(),
            GroupOpener.MAX_INDEX + 1, m.encryptedMessage(), m.signature()),
        new Frame.GroupMessage(m.id(), m.room(), m.from(), m.sent(), m.epoch(), Long.MAX_VALUE,
            m.encryptedMessage(), m.signature()),
        new Frame.GroupMessage(m.id(), "bad room", m.from(), m.sent(), m.epoch(), m.index(),
            m.encryptedMessage(), m.signature()),
        new Frame.GroupMessage(null, m.room(), m.from(), m.sent(), m.epoch(), m.index(),
            m.encryptedMessage(), m.signature()),
        new Frame.GroupMessage(m.id() + "\n", m.room(), m.from(), m.sent(), m.epoch(),
            m.index(), m.encryptedMessage(), m.signature()))) {
      assertEquals(Reason.MALFORMED,
          assertThrows(GroupRejected.class, () -> bob.open(bad, "alice")).reason());
    }
    assertEquals("x", bob.open(m, "alice"));
  }

  @Test
  void aFrameDatedFarInTheFutureIsRefused() throws Exception {
    GroupSealer ahead = new GroupSealer(Clock.offset(CLOCK, Duration.ofMinutes(6)));
    Frame.GroupMessage m = ahead.seal(identity("alice"), "alice", chain, Payload.text("later"));
    assertEquals(Reason.FUTURE_TIMESTAMP,
        assertThrows(GroupRejected.class, () -> bob.open(m, "alice")).reason());
  }
}
