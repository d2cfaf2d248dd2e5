package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay memory on disk: it survives a restart, stays private and is written in batches. */
class ReplayStoreTest {
  static final long NOW = ReplayGuardTest.NOW;

  @TempDir Path dir;

  @Test
  void idsSurviveARestart() throws Exception {
    try (ReplayStore store = ReplayStore.open(dir)) {
      assertTrue(store.guard().firstSight("alice k", "id-1", NOW, NOW));
    }
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve(ReplayStore.FILE))));
    try (ReplayStore again = ReplayStore.open(dir)) {
      assertFalse(again.guard().firstSight("alice k", "id-1", NOW, NOW + 1000), "a replay after restart");
      assertTrue(again.guard().firstSight("alice k", "id-2", NOW, NOW + 1000));
    }
  }

  @Test
  void aFloodIsWrittenInBatchesAndItsFloorSurvives() throws Exception {
    long start = System.nanoTime();
    int flood = ReplayGuard.MAX_IDS + 5_000;
    try (ReplayStore store = ReplayStore.open(dir)) {
      store.guard().firstSight("alice k", "real", NOW, NOW);
      for (int i = 0; i < flood; i++) {
        store.guard().firstSight("invented" + i + " k", "id", NOW + 1 + i, NOW + 1 + i);
      }
      store.flush();
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(store.writes() <= 2 + elapsedMs / ReplayStore.BATCH_MS,
          store.writes() + " writes in " + elapsedMs + " ms");
    }
    long lines = Files.readAllLines(dir.resolve(ReplayStore.FILE)).size();
    assertEquals(2 + ReplayGuard.MAX_IDS, lines, "header, floor, then at most MAX_IDS ids");
    try (ReplayStore again = ReplayStore.open(dir)) {
      assertFalse(again.guard().firstSight("alice k", "real", NOW, NOW + flood), "forgotten, still refused");
    }
  }

  @Test
  void twoStoresOnOneFolderKeepEachOthersIds() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (ReplayStore a = ReplayStore.open(dir); ReplayStore b = ReplayStore.open(dir)) {
      Future<?> fa = pool.submit(() -> record(a, "a"));
      Future<?> fb = pool.submit(() -> record(b, "b"));
      fa.get();
      fb.get();
    } finally {
      pool.shutdown();
    }
    try (ReplayStore again = ReplayStore.open(dir)) {
      for (int i = 0; i < 50; i++) {
        assertFalse(again.guard().firstSight("a k", "id" + i, NOW, NOW), "a's id" + i);
        assertFalse(again.guard().firstSight("b k", "id" + i, NOW, NOW), "b's id" + i);
      }
    }
  }

  private static Void record(ReplayStore store, String sender) throws Exception {
    for (int i = 0; i < 50; i++) {
      store.guard().firstSight(sender + " k", "id" + i, NOW, NOW);
      store.flush(); // as many interleaved saves as possible
    }
    return null;
  }

  @Test
  void aDamagedFileIsRefusedAndLeftAlone() throws Exception {
    String bad = "chatroom-replay-ids-v1\nfloor 5\n123 short\n";
    Files.writeString(dir.resolve(ReplayStore.FILE), bad);
    CryptoException e = assertThrows(CryptoException.class, () -> ReplayStore.open(dir));
    assertTrue(e.getMessage().contains("line 3 is damaged"), e.getMessage());
    assertEquals(bad, Files.readString(dir.resolve(ReplayStore.FILE)));
  }
}
