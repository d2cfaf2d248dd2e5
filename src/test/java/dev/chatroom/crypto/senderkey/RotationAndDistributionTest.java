package dev.chatroom.crypto.senderkey;

import static dev.chatroom.crypto.senderkey.Members.CLOCK;
import static dev.chatroom.crypto.senderkey.Members.identity;
import static dev.chatroom.crypto.senderkey.Members.peer;
import static dev.chatroom.crypto.senderkey.Members.trusted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.PeerKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every rotation trigger and the "who still needs my key" rule. */
class RotationAndDistributionTest {
  private final GroupSealer sealer = new GroupSealer(CLOCK);
  private SenderChain chain;
  private final List<MemberView> room = List.of(trusted("bob"), trusted("carol"));

  @BeforeEach
  void epoch() throws Exception {
    chain = SenderChain.start("lobby", CLOCK);
    sealer.distribute(identity("alice"), "alice", chain,
        KeyDistribution.needingKey(chain.facts(), room, "alice"));
  }

  private static Optional<RotationReason> at(Duration later, EpochFacts facts,
                                             List<MemberView> members) {
    return new RotationPolicy(Clock.offset(CLOCK, later)).reason(facts, members);
  }

  private Optional<RotationReason> now(List<MemberView> members) {
    return at(Duration.ZERO, chain.facts(), members);
  }

  @Test
  void noEpochYetMeansStartOne() {
    assertEquals(RotationReason.NONE_YET, at(Duration.ZERO, null, room).orElseThrow());
  }

  @Test
  void aSteadyRoomKeepsItsEpoch() {
    assertEquals(Optional.empty(), now(room));
    assertEquals(Optional.empty(), now(List.of(trusted("bob"), trusted("carol"),
        trusted("dave"))), "a joiner gets the key, no new epoch");
  }

  @Test
  void aHolderWhoLeftOrPartedForcesANewEpoch() {
    chain.memberDeparted("carol");
    assertEquals(RotationReason.MEMBER_LEFT, now(List.of(trusted("bob"))).orElseThrow());
  }

  @Test
  void aHolderWhoLeftAndCameBackStillForcesANewEpoch() {
    chain.memberDeparted("carol");
    assertEquals(RotationReason.MEMBER_LEFT, now(room).orElseThrow());
  }

  @Test
  void aHolderMissingFromTheMemberListForcesANewEpoch() {
    assertEquals(RotationReason.MEMBER_LEFT, now(List.of(trusted("bob"))).orElseThrow());
  }

  @Test
  void aNonHolderLeavingChangesNothing() {
    chain.memberDeparted("erin");
    assertEquals(Optional.empty(), now(room));
  }

  @Test
  void aHoldersChangedKeysForceANewEpoch() {
    PeerKeys other = identity("carol-new").asPeer("carol");
    assertEquals(RotationReason.KEYS_CHANGED,
        now(List.of(trusted("bob"), new MemberView(other, true))).orElseThrow());
  }

  @Test
  void aHolderNoLongerTrustedForcesANewEpoch() {
    assertEquals(RotationReason.TRUST_WITHDRAWN,
        now(List.of(trusted("bob"), new MemberView(peer("carol"), false))).orElseThrow());
  }

  @Test
  void aThousandMessagesEndTheEpoch() throws Exception {
    for (int i = 0; i < RotationPolicy.MAX_MESSAGES_PER_EPOCH - 1; i++) {
      sealer.seal(identity("alice"), "alice", chain, Payload.text("m"));
    }
    assertEquals(Optional.empty(), now(room));
    sealer.seal(identity("alice"), "alice", chain, Payload.text("m"));
    assertEquals(RotationReason.MESSAGE_LIMIT, now(room).orElseThrow());
    assertThrows(IllegalStateException.class,
        () -> sealer.seal(identity("alice"), "alice", chain, Payload.text("one too many")),
        "the sealer fails closed too");
  }

  @Test
  void sevenDaysEndTheEpoch() {
    assertEquals(Optional.empty(),
        at(Duration.ofDays(7).minusMillis(1), chain.facts(), room));
    assertEquals(RotationReason.AGE_LIMIT,
        at(Duration.ofDays(7), chain.facts(), room).orElseThrow());
  }

  @Test
  void aFreshEpochGoesToEveryTrustedMemberButNeverAnUntrustedOne() {
    SenderChain fresh = SenderChain.start("lobby", CLOCK);
    List<MemberView> members = List.of(trusted("carol"), new MemberView(peer("dave"), false),
        trusted("bob"), trusted("alice"));
    assertEquals(List.of("bob", "carol"), nicks(
        KeyDistribution.needingKey(fresh.facts(), members, "alice")));
  }

  @Test
  void laterOnlyTheJoinerNeedsTheKeyAtTheCurrentIndex() throws Exception {
    sealer.seal(identity("alice"), "alice", chain, Payload.text("m0"));
    List<MemberView> members = List.of(trusted("bob"), trusted("carol"), trusted("dave"));
    List<PeerKeys> needing = KeyDistribution.needingKey(chain.facts(), members, "alice");
    assertEquals(List.of("dave"), nicks(needing));
    var frame = sealer.distribute(identity("alice"), "alice", chain, needing).get(0);
    assertEquals(1, frame.index());
    assertEquals(List.of("dave"), List.copyOf(frame.encryptedKeys().keySet()));
    assertTrue(KeyDistribution.needingKey(chain.facts(), members, "alice").isEmpty());
  }

  @Test
  void aHolderUnderChangedKeysIsNeverSentTheOldChain() {
    PeerKeys changed = identity("carol-new").asPeer("carol");
    assertTrue(KeyDistribution.needingKey(chain.facts(),
        List.of(trusted("bob"), new MemberView(changed, true)), "alice").isEmpty());
  }

  @Test
  void aLargeRoomIsSplitIntoFramesUnderTheFrameLimit() throws Exception {
    List<PeerKeys> many = new java.util.ArrayList<>();
    PeerKeys bob = peer("bob");
    for (int i = 0; i < GroupSealer.MAX_RECIPIENTS_PER_FRAME + 1; i++) {
      many.add(new PeerKeys("m" + i, bob.encKey(), bob.sigKey(), bob.encKeyB64(),
          bob.sigKeyB64(), bob.fingerprint()));
    }
    SenderChain big = SenderChain.start("lobby", CLOCK);
    var frames = sealer.distribute(identity("alice"), "alice", big, many);
    assertEquals(2, frames.size());
    assertEquals(GroupSealer.MAX_RECIPIENTS_PER_FRAME, frames.get(0).encryptedKeys().size());
    assertEquals(1, frames.get(1).encryptedKeys().size());
    assertEquals(GroupSealer.MAX_RECIPIENTS_PER_FRAME + 1, big.facts().holders().size());
  }

  @Test
  void moreHoldersThanTheLimitAreRefusedBeforeAnyWrap() {
    PeerKeys bob = peer("bob");
    List<PeerKeys> many = new java.util.ArrayList<>();
    for (int i = 0; i <= SenderChain.MAX_HOLDERS; i++) {
      many.add(new PeerKeys("m" + i, bob.encKey(), bob.sigKey(), bob.encKeyB64(),
          bob.sigKeyB64(), bob.fingerprint()));
    }
    SenderChain fresh = SenderChain.start("lobby", CLOCK);
    assertThrows(IllegalArgumentException.class,
        () -> sealer.distribute(identity("alice"), "alice", fresh, many));
    assertTrue(fresh.facts().holders().isEmpty());
  }

  @Test
  void beyondMaxRoomsTheLeastRecentlyUsedEpochIsDropped() {
    SenderChains chains = new SenderChains();
    SenderChain first = chains.rotate("r0", CLOCK);
    for (int i = 1; i <= SenderChains.MAX_ROOMS; i++) {
      chains.rotate("r" + i, CLOCK);
      chains.get("r1"); // r1 stays recent
    }
    assertTrue(chains.get("r0").isEmpty(), "dropped: r0's next line starts a new epoch");
    assertTrue(chains.get("r1").isPresent());
    assertThrows(IllegalStateException.class, first::nextMessageKey,
        "the dropped chain's key was wiped and it seals nothing more");
  }

  private static List<String> nicks(List<PeerKeys> peers) {
    return peers.stream().map(PeerKeys::nick).toList();
  }
}
