package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.client.Roster.TrustResult;
import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.crypto.TrustStore;
import dev.chatroom.crypto.TrustStore.State;
import dev.chatroom.protocol.Frame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /trust NICK FINGERPRINT trusts only the keys whose fingerprint the user compared. */
class RosterTrustTest {
  private static Identity bob;
  private static Identity swapped;

  @TempDir Path dir;
  private final List<String> said = new ArrayList<>();

  @BeforeAll
  static void keys() throws Exception {
    bob = TestIdentities.fresh();
    swapped = TestIdentities.fresh();
  }

  @Test
  void trustsTheKeysWhoseFullOrShortFingerprintMatches() throws Exception {
    Roster roster = roster();
    roster.joined(joined(bob));
    String hex = bob.fingerprint().hex();
    assertEquals(TrustResult.TRUSTED, roster.trust("bob", hex.substring(0, 16)));
    assertEquals(State.VERIFIED, roster.get("bob").state());
    assertEquals(TrustResult.TRUSTED, roster.trust("bob", hex));
    assertEquals(State.VERIFIED, onDisk().check(bob.asPeer("bob")).state(), "pinned on disk");
  }

  @Test
  void keysSwappedAfterTheUserLookedAreNotTrusted() throws Exception {
    Roster roster = roster();
    roster.joined(joined(bob));
    String looked = bob.fingerprint().hex(); // what /fp bob showed
    roster.left("bob");
    roster.joined(joined(swapped)); // the relay swaps bob's keys before /trust
    assertEquals(State.CHANGED, roster.get("bob").state());
    assertEquals(TrustResult.MISMATCH, roster.trust("bob", looked));
    assertEquals(TrustResult.MISMATCH, roster.trust("bob", looked.substring(0, 16)));
    assertFalse(roster.get("bob").trusted(), "still untrusted");
    assertEquals(bob.fingerprint(), onDisk().pinned("bob"), "the pin is unchanged");
  }

  @Test
  void nobodyByThatNickAndShortPrefixesAreRefused() throws Exception {
    Roster roster = roster();
    assertEquals(TrustResult.NOT_A_MEMBER, roster.trust("bob", bob.fingerprint().hex()));
    assertNull(onDisk().pinned("bob"));
    Fingerprint fp = bob.fingerprint();
    assertFalse(Roster.matches(fp, fp.hex().substring(0, 15)));
    assertFalse(Roster.matches(fp, ""));
    assertFalse(Roster.matches(fp, null));
    assertTrue(Roster.matches(fp, fp.hex()));
    String wrongLast = fp.hex().substring(0, 63) + (fp.hex().endsWith("0") ? "1" : "0");
    assertFalse(Roster.matches(fp, wrongLast));
  }

  @Test
  void aWelcomeThatFitsThePinRateIsPinnedWholeAndOneThatDoesNotLeavesPinsForSenders() throws Exception {
    Roster roster = roster();
    roster.reset(strangers("a", TrustStore.PINS_PER_MINUTE)); // a room of 30 you never met
    assertEquals(TrustStore.PINS_PER_MINUTE, roster.trustedRecipients().size(), "all of them, at once");
    assertEquals(0, said.stream().filter(l -> l.contains("new nicks a minute")).count());

    java.nio.file.Files.createDirectories(dir.resolve("elsewhere"));
    Roster big = new Roster(TrustStore.open(dir.resolve("elsewhere")), output());
    big.reset(strangers("b", 1_000)); // a room of 1,000
    int kept = TrustStore.PINS_PER_MINUTE / 3;
    assertEquals(TrustStore.PINS_PER_MINUTE - kept, big.trustedRecipients().size(), "the list leaves " + kept);
    for (int i = 0; i < kept; i++) {
      assertTrue(big.sender("b" + (999 - i)).trusted(), "a sender takes one of those kept");
    }
    assertEquals(State.UNPINNED, big.sender("b" + (999 - kept)).state(), "then the rate decides");
    assertEquals(1, said.stream().filter(l -> l.contains("new nicks a minute")).count(), "one warning");
  }

  private static List<Frame.Member> strangers(String prefix, int n) {
    List<Frame.Member> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new Frame.Member(prefix + i, bob.encKey(), bob.sigKey(), 2, false));
    }
    return list;
  }

  private TrustStore store;

  @org.junit.jupiter.api.AfterEach
  void closeStore() throws Exception {
    if (store != null) {
      store.close();
    }
  }

  /** What another process would read from the folder now: pins are written in batches, so flush first. */
  private TrustStore onDisk() throws Exception {
    store.flush();
    return TrustStore.open(dir);
  }

  private Roster roster() throws Exception {
    store = TrustStore.open(dir);
    return new Roster(store, output());
  }

  private Output output() {
    return new Output() {
      @Override public void shown(String line) { said.add(line); }
      @Override public void own(String line) { said.add(line); }
      @Override public void notice(String text) { said.add(text); }
      @Override public void warn(String text) { said.add(text); }
      @Override public void bell() { }
    };
  }

  private static Frame.Joined joined(Identity id) {
    return new Frame.Joined("bob", id.encKey(), id.sigKey());
  }
}
