package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-room seq a client sends as {@code since}: only rises, survives a restart, stays bounded. */
class SeqStoreTest {
  @TempDir Path dir;

  @Test
  void seqsOnlyRiseAndSurviveARestartInAPrivateFile() throws Exception {
    try (SeqStore s = SeqStore.open(dir)) {
      assertEquals(0, s.get("ops"));
      assertTrue(s.advance("ops", 41));
      assertFalse(s.advance("ops", 40), "a delivery at or below the seq changes nothing");
      assertFalse(s.advance("ops", 41));
      assertTrue(s.advance("lobby", 7));
      s.reset("lobby", 3); // the relay lost history: its lower seq is adopted
    }
    Path file = dir.resolve(SeqStore.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (SeqStore again = SeqStore.open(dir)) {
      assertEquals(new TreeMap<>(Map.of("lobby", 3L, "ops", 41L)), again.snapshot());
      again.retain(List.of("ops"));
      again.flush();
    }
    assertEquals("chatroom-seqs-v1\nops 41\n", Files.readString(file));
  }

  @Test
  void manyChangesAreFewWritesOffTheCaller() throws Exception {
    try (SeqStore s = SeqStore.open(dir)) {
      for (int i = 1; i <= 5_000; i++) {
        s.advance("ops", i);
      }
      s.flush();
      assertTrue(s.writes() < 20, "batched: " + s.writes() + " writes for 5000 changes");
      assertEquals(5_000, s.get("ops"));
    }
  }

  @Test
  void atMostTheBoundOfRoomsTheLeastRecentlyMovedGoFirst() throws Exception {
    try (SeqStore s = SeqStore.open(dir, 3)) {
      s.advance("a", 1);
      s.advance("b", 1);
      s.advance("c", 1);
      s.advance("a", 2); // a moved last-but-one
      s.advance("d", 1);
      assertEquals(List.of("a", "c", "d"), List.copyOf(s.snapshot().keySet()));
    }
  }

  @Test
  void aDamagedFileIsRefusedNotEmptied() throws Exception {
    Path file = dir.resolve(SeqStore.FILE);
    Files.writeString(file, "chatroom-seqs-v1\nops forty\n", StandardCharsets.UTF_8);
    CryptoException e = assertThrows(CryptoException.class, () -> SeqStore.open(dir));
    assertTrue(e.getMessage().contains("line 2 is damaged"), e.getMessage());
    assertEquals("chatroom-seqs-v1\nops forty\n", Files.readString(file));
  }
}
