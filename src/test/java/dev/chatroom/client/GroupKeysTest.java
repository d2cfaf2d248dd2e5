package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.PeerKeys;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.crypto.senderkey.MemberView;
import dev.chatroom.crypto.senderkey.SenderKeyStore;
import dev.chatroom.protocol.Frame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's sender-key state without sockets: who gets my chain, every rotation trigger as
 * the client feeds it (departures, trust, changed keys, 1,000 messages, 7 days), and the
 * state across a restart, sealed with the identity's passphrase.
 */
class GroupKeysTest {
  private static Identity alice;
  private static Identity bob;
  private static Identity carol;
  private static Identity dave;

  @TempDir
  Path temp;

  @BeforeAll
  static void keys() throws Exception {
    alice = TestIdentities.fresh();
    bob = TestIdentities.fresh();
    carol = TestIdentities.fresh();
    dave = TestIdentities.fresh();
  }

  /** A clock the test moves. */
  private static final class Moving extends Clock {
    Instant now = Instant.now();

    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  private static MemberView member(String nick, Identity id, boolean trusted) {
    return new MemberView(id.asPeer(nick), trusted);
  }

  private static RoomMembers room(MemberView... views) {
    Map<String, MemberView> byNick = new LinkedHashMap<>();
    for (MemberView v : views) {
      byNick.put(v.nick(), v);
    }
    return new RoomMembers(List.of(views), byNick, views.length, true);
  }

  private static Frame.GroupMessage message(List<Frame> frames) {
    return assertInstanceOf(Frame.GroupMessage.class, frames.get(frames.size() - 1));
  }

  /** Who the frames before the group message hand the chain to. */
  private static List<String> keyedTo(List<Frame> frames) {
    List<String> to = new ArrayList<>();
    for (Frame f : frames.subList(0, frames.size() - 1)) {
      to.addAll(assertInstanceOf(Frame.SenderKey.class, f).encryptedKeys().keySet());
    }
    return to;
  }

  @Test
  void theChainGoesToTrustedMembersOnlyAndEveryRotationTriggerStartsANewEpoch() throws Exception {
    Moving clock = new Moving();
    GroupKeys keys = GroupKeys.open(temp, null, clock);
    Payload line = Payload.text("hi");
    RoomMembers two = room(member("bob", bob, true), member("carol", carol, false));

    List<Frame> first = keys.seal(alice, "alice", "ops", line, two);
    assertEquals(List.of("bob"), keyedTo(first), "never to an untrusted or changed key");
    String epoch = message(first).epoch();
    List<Frame> again = keys.seal(alice, "alice", "ops", line, two);
    assertEquals(List.of(), keyedTo(again), "a holder is not sent it twice");
    assertEquals(epoch, message(again).epoch());
    assertEquals(1, message(again).index());

    RoomMembers joined = room(member("bob", bob, true), member("dave", dave, true));
    List<Frame> late = keys.seal(alice, "alice", "ops", line, joined);
    assertEquals(List.of("dave"), keyedTo(late), "a late joiner gets it before my next line");
    assertEquals(2, assertInstanceOf(Frame.SenderKey.class, late.get(0)).index(), "at my current index");
    assertEquals(epoch, message(late).epoch());

    keys.departed("ops", "dave");
    epoch = assertNewEpoch(epoch, keys.seal(alice, "alice", "ops", line, room(member("bob", bob, true))), "a departure");
    PeerKeys swapped = carol.asPeer("bob"); // bob's nick, other keys (the user trusted the new ones)
    List<Frame> changed = keys.seal(alice, "alice", "ops", line, room(new MemberView(swapped, true)));
    epoch = assertNewEpoch(epoch, changed, "changed keys");
    assertEquals(List.of("bob"), keyedTo(changed), "the new keys get the new epoch");
    epoch = assertNewEpoch(epoch, keys.seal(alice, "alice", "ops", line, room(new MemberView(swapped, false))),
        "withdrawn trust");
    clock.now = clock.now.plus(Duration.ofDays(7));
    epoch = assertNewEpoch(epoch, keys.seal(alice, "alice", "ops", line, room(new MemberView(swapped, true))), "7 days");
    RoomMembers same = room(new MemberView(swapped, true));
    for (int i = 1; i < 1_000; i++) {
      assertEquals(epoch, message(keys.seal(alice, "alice", "ops", line, same)).epoch());
    }
    assertNewEpoch(epoch, keys.seal(alice, "alice", "ops", line, same), "1,000 messages");
    keys.close();
  }

  private static String assertNewEpoch(String before, List<Frame> frames, String trigger) {
    Frame.GroupMessage m = message(frames);
    assertNotEquals(before, m.epoch(), trigger + " starts a new epoch");
    assertEquals(0, m.index(), trigger);
    assertTrue(!keyedTo(frames).isEmpty() || frames.size() == 1, trigger);
    return m.epoch();
  }

  @Test
  void bothSidesSurviveARestartSealedWithThePassphrase() throws Exception {
    Path aliceDir = Files.createDirectory(temp.resolve("alice"));
    Path bobDir = Files.createDirectory(temp.resolve("bob"));
    char[] pass = "correct horse".toCharArray();
    RoomMembers withBob = room(member("bob", bob, true));

    GroupKeys a = GroupKeys.open(aliceDir, pass.clone());
    GroupKeys b = GroupKeys.open(bobDir, null);
    List<Frame> first = a.seal(alice, "alice", "ops", Payload.text("one"), withBob);
    b.accept(assertInstanceOf(Frame.SenderKey.class, first.get(0)), alice.ed25519().getPublic(), "bob",
        bob.rsa().getPrivate());
    assertEquals("one", Payload.decode(b.open(message(first), alice.ed25519().getPublic())).text());
    assertEquals(Optional.of(true), b.holdsCurrent("ops", "alice"));
    a.close();
    b.close();

    byte[] onDisk = Files.readAllBytes(aliceDir.resolve(SenderKeyStore.FILE));
    assertEquals("CRSK", new String(onDisk, 0, 4, StandardCharsets.US_ASCII));
    assertEquals(1, onDisk[5], "sealed with the passphrase");
    assertThrows(CryptoException.class, () -> GroupKeys.open(aliceDir, null), "not readable without it");
    assertThrows(CryptoException.class, () -> GroupKeys.open(aliceDir, "wrong".toCharArray()));

    GroupKeys a2 = GroupKeys.open(aliceDir, pass.clone());
    GroupKeys b2 = GroupKeys.open(bobDir, null);
    List<Frame> second = a2.seal(alice, "alice", "ops", Payload.text("two"), withBob);
    assertEquals(1, second.size(), "bob still holds the chain: no sender_key again");
    assertEquals(message(first).epoch(), message(second).epoch());
    assertEquals(1, message(second).index(), "the index is never used twice");
    assertEquals("two", Payload.decode(b2.open(message(second), alice.ed25519().getPublic())).text());
    assertThrows(CryptoException.class, () -> b2.open(message(first), alice.ed25519().getPublic()),
        "a message opened before the restart is a replay after it");
    a2.close();
    b2.close();
  }
}
