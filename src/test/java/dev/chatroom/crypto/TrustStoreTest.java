package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.TrustStore.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
    impostor = Identity.generate(2048).asPeer("bob");
  }

  @Test
  void pinsOnFirstSightThenKnowsThePeer() throws Exception {
    TrustStore store = TrustStore.open(dir);
    assertEquals(State.NEW, store.check(bob).state());
    assertEquals(State.KNOWN, store.check(bob).state());
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
    assertEquals(State.CHANGED, TrustStore.open(dir).check(impostor).state(), "pin kept on disk");

    store.trust("bob", impostor.fingerprint());
    assertEquals(State.VERIFIED, store.check(impostor).state());
    assertEquals(State.CHANGED, store.check(bob).state());
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
        PeerKeys peer = new PeerKeys("peer" + i, bob.encKey(), bob.sigKey(), bob.encKeyB64(),
            bob.sigKeyB64(), bob.fingerprint());
        results.add(pool.submit(() -> store.check(peer).state()));
      }
      for (Future<State> r : results) {
        assertEquals(State.NEW, r.get());
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(20, Files.readAllLines(dir.resolve(TrustStore.FILE)).size());
  }
}
