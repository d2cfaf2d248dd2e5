package dev.chatroom.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during a flood of appends never loses an acked frame nor corrupts the file: a child
 * JVM ({@link StoreFlood}) prints every seq it got back; after SIGKILL every one is stored, the
 * file passes integrity_check, seqs have no gaps, and the next start continues after them.
 */
class SqliteKillTest extends StoreFixture {
  @TempDir Path dir;

  @Test
  void killMinus9MidFloodLosesNoAckedFrame() throws Exception {
    Path db = dir.resolve("data/chatroom.db");
    Map<String, Long> before = new HashMap<>();
    for (int round = 1; round <= 2; round++) {
      Map<String, TreeSet<Long>> acked = StoreFlood.floodAndKill("sqlite:" + db, 1_500);
      Map<String, TreeSet<Long>> stored = storedSeqs(db);
      for (var e : acked.entrySet()) {
        TreeSet<Long> have = stored.getOrDefault(e.getKey(), new TreeSet<>());
        assertTrue(have.containsAll(e.getValue()), "round " + round + ": every acked seq of " + e.getKey() + " is stored");
        // seqs after a restart continue from the last stored one
        assertTrue(e.getValue().first() > before.getOrDefault(e.getKey(), 0L), "round " + round + " reused a seq");
      }
      for (var e : stored.entrySet()) {
        TreeSet<Long> seqs = e.getValue();
        assertEquals(seqs.size(), seqs.last(), e.getKey() + ": seqs 1..max without gaps");
        before.put(e.getKey(), seqs.last());
      }
    }
    // and a normal start carries on with the next seq
    RelayStore store = open(new StoreBackend.Sqlite(dir), StoreLocation.parse("sqlite:" + db));
    long next = await(store.append(List.of(message("lobby", "alice", "bob")))).get(0).seq();
    assertEquals(before.get("lobby") + 1, next);
  }

  private static Map<String, TreeSet<Long>> storedSeqs(Path db) throws Exception {
    Map<String, TreeSet<Long>> out = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
        rs.next();
        assertEquals("ok", rs.getString(1));
      }
      try (ResultSet rs = c.createStatement().executeQuery("SELECT room, seq FROM frames")) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), r -> new TreeSet<>()).add(rs.getLong(2));
        }
      }
    }
    return out;
  }
}
