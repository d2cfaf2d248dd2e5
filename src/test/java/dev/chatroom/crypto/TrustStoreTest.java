package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.ChildJvm;
import dev.chatroom.crypto.TrustStore.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTest {
  private static PeerKeys bob;
  private static PeerKeys impostor;

  @TempDir Path dir;

  @BeforeAll
  static void keys() throws Exception {
    bob = PeerKeys.parse("bob", PublicKeysTest.RSA, PublicKeysTest.ED25519);
    impostor = TestIdentities.fresh().asPeer("bob");
  }

  /** {@code bob}'s keys under another nick: pins are per nick. */
  static PeerKeys as(String nick) {
    return new PeerKeys(nick, bob.encKey(), bob.sigKey(), bob.encKeyB64(), bob.sigKeyB64(),
        bob.fingerprint());
  }

  @Test
  void pinsOnFirstSightThenKnowsThePeer() throws Exception {
    try (TrustStore store = TrustStore.open(dir)) {
      assertEquals(State.NEW, store.check(bob).state());
      assertEquals(State.KNOWN, store.check(bob).state());
      store.flush();
    }
    assertEquals("bob " + bob.fingerprint().hex() + " unverified\n",
        Files.readString(dir.resolve(TrustStore.FILE)));
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve(TrustStore.FILE))));
    assertEquals(State.KNOWN, TrustStore.open(dir).check(bob).state(), "survives a restart");
  }

  @Test
  void failsClosedOnAChangedKeyUntilTrusted() throws Exception {
    TrustStore store = TrustStore.open(dir);
    store.check(bob);
    TrustStore.Check changed = store.check(impostor);
    assertEquals(State.CHANGED, changed.state());
    assertFalse(changed.trusted());
    assertEquals(bob.fingerprint(), changed.pinned());
    assertEquals(impostor.fingerprint(), changed.seen());
    store.flush();
    assertEquals(State.CHANGED, TrustStore.open(dir).check(impostor).state(), "pin kept on disk");

    store.trust("bob", impostor.fingerprint());
    assertEquals(State.VERIFIED, store.check(impostor).state());
    assertEquals(State.CHANGED, store.check(bob).state());
    store.close();
    assertEquals(State.VERIFIED, TrustStore.open(dir).check(impostor).state());
  }

  @Test
  void malformedFileIsAClearErrorAndStaysUntouched() throws Exception {
    String bad = "bob " + bob.fingerprint().hex() + " verified\nalice nothex unverified\n";
    Files.writeString(dir.resolve(TrustStore.FILE), bad);
    CryptoException e = assertThrows(CryptoException.class, () -> TrustStore.open(dir));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    assertEquals(bad, Files.readString(dir.resolve(TrustStore.FILE)));
  }

  @Test
  void concurrentFirstSightingsAllLand() throws Exception {
    TrustStore store = TrustStore.open(dir);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<State>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        PeerKeys peer = as("peer" + i);
        results.add(pool.submit(() -> store.check(peer).state()));
      }
      for (Future<State> r : results) {
        assertEquals(State.NEW, r.get());
      }
    } finally {
      pool.shutdown();
    }
    store.close();
    assertEquals(20, Files.readAllLines(dir.resolve(TrustStore.FILE)).size());
  }

  @Test
  void aFloodOfNewNicksIsRateLimitedAndWrittenInBatches() throws Exception {
    Instant[] now = {Instant.parse("2026-12-01T10:00:00Z")};
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now[0]; }
    };
    long start = System.nanoTime();
    TrustStore store = TrustStore.open(dir, clock, TrustStore.PINS_PER_MINUTE);
    assertTrue(store.fitsAtOnce(TrustStore.PINS_PER_MINUTE));
    assertFalse(store.fitsAtOnce(TrustStore.PINS_PER_MINUTE + 1));
    int pinned = 0;
    for (int i = 0; i < 5_000; i++) {
      TrustStore.Check c = store.check(as("flood" + i));
      if (c.state() == State.NEW) {
        pinned++;
      } else {
        assertEquals(State.UNPINNED, c.state());
        assertFalse(c.trusted(), "an unpinned nick is neither shown nor encrypted to");
        assertNull(store.pinned("flood" + i));
      }
    }
    int kept = TrustStore.PINS_PER_MINUTE / 3;
    assertEquals(TrustStore.PINS_PER_MINUTE - kept, pinned, "a member list leaves a third for those who speak");
    assertEquals(State.UNPINNED, store.check(bob).state(), "bob too must wait");
    for (int i = 0; i < kept; i++) {
      assertEquals(State.NEW, store.checkSender(as("speaker" + i)).state(), "speaker" + i);
    }
    assertEquals(State.UNPINNED, store.checkSender(as("speaker" + kept)).state(), "the burst is spent");
    store.flush();
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(store.writes() <= 2 + elapsedMs / TrustStore.BATCH_MS,
        store.writes() + " writes in " + elapsedMs + " ms");
    assertEquals(TrustStore.PINS_PER_MINUTE, Files.readAllLines(dir.resolve(TrustStore.FILE)).size());

    now[0] = now[0].plus(Duration.ofSeconds(10)); // 5 more tokens: for senders only
    assertEquals(State.UNPINNED, store.check(bob).state(), "a member list still leaves " + kept);
    assertEquals(State.NEW, store.checkSender(bob).state(), "the rate allows it again");
    assertEquals(State.CHANGED, store.check(impostor).state(), "a changed key is still caught");
    assertEquals(State.KNOWN, store.check(as("flood0")).state());
    store.close();
  }

  @Test
  void twoStoresOnOneFolderKeepEachOthersPins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (TrustStore a = TrustStore.open(dir); TrustStore b = TrustStore.open(dir)) {
      Future<?> fa = pool.submit(() -> pin(a, "a", 25));
      Future<?> fb = pool.submit(() -> pin(b, "b", 25));
      fa.get();
      fb.get();
      assertEquals(bob.fingerprint(), a.pinned("b3"), "a learnt b's pins when it merged");
    } finally {
      pool.shutdown();
    }
    assertEquals(50, Files.readAllLines(dir.resolve(TrustStore.FILE)).size());
  }

  @Test
  void twoProcessesOnOneFolderKeepEachOthersPins() throws Exception {
    List<Process> children = new ArrayList<>();
    for (String prefix : new String[] {"a", "b"}) {
      List<String> cmd = ChildJvm.javaWithClassPath();
      cmd.addAll(List.of(PinWriter.class.getName(), dir.toString(), prefix, "25"));
      children.add(new ProcessBuilder(cmd).inheritIO().start());
    }
    for (Process p : children) {
      assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "child finished");
      assertEquals(0, p.exitValue());
    }
    TrustStore merged = TrustStore.open(dir);
    for (int i = 0; i < 25; i++) {
      assertEquals(bob.fingerprint(), merged.pinned("a" + i), "a" + i);
      assertEquals(bob.fingerprint(), merged.pinned("b" + i), "b" + i);
    }
    assertEquals(50, Files.readAllLines(dir.resolve(TrustStore.FILE)).size());
  }

  static Void pin(TrustStore store, String prefix, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      assertEquals(State.NEW, store.checkSender(as(prefix + i)).state()); // all 30 tokens: 25 each
      store.flush(); // as many interleaved saves as possible
    }
    return null;
  }

  @Test
  void onAClashTheFirstPinWinsUnlessTheUserVerified() throws Exception {
    try (TrustStore a = TrustStore.open(dir); TrustStore b = TrustStore.open(dir)) {
      a.check(bob);
      a.flush();
      b.check(impostor); // b had not seen a's pin yet
      b.flush();
      assertEquals(bob.fingerprint(), b.pinned("bob"), "the file's (first) pin won");
      assertEquals(State.CHANGED, b.check(impostor).state());
      b.trust("bob", impostor.fingerprint());
      b.flush();
      a.check(as("carol"));
      a.flush();
      assertEquals(impostor.fingerprint(), a.pinned("bob"), "the user's decision in b reached a");
    }
    assertEquals(State.VERIFIED, TrustStore.open(dir).check(impostor).state());
  }
}
