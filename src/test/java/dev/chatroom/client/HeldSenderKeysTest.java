package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.KeyFiles;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.PublicKeys;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.crypto.TrustStore;
import dev.chatroom.crypto.senderkey.MemberView;
import dev.chatroom.protocol.Frame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sender key that came while its sender was unpinned (the pin rate spent on strangers) is
 * kept, and used once the sender is trusted: the epoch's later lines can be read. Real keys,
 * real trust store and sender-key state, no sockets.
 */
class HeldSenderKeysTest {
  @TempDir
  Path temp;

  /** Warnings as the user would see them. */
  private static final class Seen implements Output {
    final List<String> warnings = new ArrayList<>();

    @Override public void shown(String line) { }
    @Override public void own(String line) { }
    @Override public void notice(String text) { }
    @Override public void warn(String text) { warnings.add(text); }
    @Override public void bell() { }

    long count(String text) { return warnings.stream().filter(w -> w.contains(text)).count(); }
  }

  @Test
  void aKeyFromAMemberNotYetPinnedIsUsedOnceTheyAreTrusted() throws Exception {
    Identity alice = TestIdentities.fresh();
    Identity bob = TestIdentities.fresh();
    KeyFiles.write(temp.resolve("alice"), alice, null);
    GroupKeys aliceKeys = GroupKeys.open(temp.resolve("alice"), null);
    MemberView toBob = new MemberView(bob.asPeer("bob"), true);
    RoomMembers justBob = new RoomMembers(List.of(toBob), Map.of("bob", toBob), 1, true);
    List<Frame> first = aliceKeys.seal(alice, "alice", "ops", Payload.text("one"), justBob);
    Frame.SenderKey key = assertInstanceOf(Frame.SenderKey.class, first.get(0));
    Frame.GroupMessage one = assertInstanceOf(Frame.GroupMessage.class, first.get(1));
    Frame.GroupMessage two = assertInstanceOf(Frame.GroupMessage.class,
        aliceKeys.seal(alice, "alice", "ops", Payload.text("two"), justBob).get(0));

    Path bobDir = temp.resolve("bob");
    KeyFiles.write(bobDir, bob, null);
    TrustStore trust = TrustStore.open(bobDir);
    for (int i = 0; i < TrustStore.PINS_PER_MINUTE; i++) {
      trust.checkSender(alice.asPeer("stranger" + i)); // a flood spent every pin of this minute
    }
    Seen out = new Seen();
    Roster roster = new Roster(trust, out);
    roster.reset(List.of(new Frame.Member("alice", PublicKeys.encode(alice.rsa().getPublic()),
        PublicKeys.encode(alice.ed25519().getPublic()), 2, true)));
    SenderKeyDelivery delivery = new SenderKeyDelivery(GroupKeys.open(bobDir, null), bob, "bob", out);

    delivery.senderKey("ops", roster, key);
    assertNull(delivery.open("ops", roster, one, true), "hidden while alice is not pinned");
    assertEquals(1, out.count("hid a key from alice, new and not pinned yet"), String.join("\n", out.warnings));
    assertEquals(Roster.TrustResult.TRUSTED, roster.trust("alice", alice.fingerprint().hex()));

    Payload opened = delivery.open("ops", roster, two, true);
    assertEquals("two", opened == null ? null : opened.text(), String.join("\n", out.warnings));
    delivery.showWarnings();
    assertEquals(0, out.count("never"), "no missing-key warning: " + String.join("\n", out.warnings));
    trust.close();
  }

  @Test
  void theHeldKeysAreBoundedInNumberAndBytesOldestFirst() {
    HeldSenderKeys held = new HeldSenderKeys();
    Frame.SenderKey first = key("ops", "m0", "e0", 1);
    held.hold(first);
    for (int i = 1; i <= HeldSenderKeys.MAX_KEYS; i++) {
      held.hold(key("ops", "m" + i, "e0", 1));
    }
    assertEquals(HeldSenderKeys.MAX_KEYS, held.size());
    assertNull(held.take("ops", "m0", "e0"), "the oldest went first");
    Frame.SenderKey last = key("ops", "m" + HeldSenderKeys.MAX_KEYS, "e0", 1);
    assertEquals(last, held.take("ops", "m" + HeldSenderKeys.MAX_KEYS, "e0"));
    assertNull(held.take("ops", "m1", "e1"), "another epoch is another key");

    HeldSenderKeys big = new HeldSenderKeys();
    Frame.SenderKey thousand = key("big", "alice", "e0", 1_000); // a key naming a thousand members
    long each = HeldSenderKeys.sizeOf(thousand);
    for (int i = 0; i < 20; i++) {
      big.hold(key("big", "s" + i, "e0", 1_000));
    }
    assertTrue(big.bytes() <= HeldSenderKeys.MAX_BYTES, big.bytes() + " bytes");
    assertEquals(HeldSenderKeys.MAX_BYTES / each, big.size());
    big.hold(key("big", "huge", "e0", 100_000));
    assertNull(big.take("big", "huge", "e0"), "one larger than the bound is not held at all");
    Frame.SenderKey kept = key("big", "s19", "e0", 1_000);
    assertEquals(kept, big.take("big", "s19", "e0"));
    assertSame(null, big.take("big", "s19", "e0"), "taken once");
  }

  private static Frame.SenderKey key(String room, String from, String epoch, int recipients) {
    TreeMap<String, String> wraps = new TreeMap<>();
    for (int i = 0; i < recipients; i++) {
      wraps.put("r" + i, "A".repeat(512));
    }
    return new Frame.SenderKey("0b7e6a8e-4b1c-4c3e-9f00-1234567890ab", room, from, 1L, epoch, 0, wraps, "S".repeat(86));
  }
}
