package dev.chatroom.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the SQLite store does: its files, and files it must refuse. */
class SqliteStoreTest extends StoreFixture {
  @TempDir Path dir;

  private RelayStore openSqlite(Path file) throws Exception {
    return open(new StoreBackend.Sqlite(dir), StoreLocation.parse("sqlite:" + file));
  }

  @Test
  void createsItsFolderAndPrivateFilesInWalMode() throws Exception {
    Path file = dir.resolve("data/sub/chatroom.db");
    RelayStore store = openSqlite(file);
    join(store, "lobby", "bob");
    await(store.append(List.of(message("lobby", "alice", "bob"))));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    Path wal = file.resolveSibling("chatroom.db-wal");
    assertTrue(Files.exists(wal), "WAL mode keeps a -wal file while open");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(wal)));
    try (var c = StoreBackend.Sqlite.jdbc(store.location()); var rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertEquals("wal", rs.getString(1));
    }
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedAndLeftAlone() throws Exception {
    Path file = dir.resolve("notes.txt");
    byte[] text = "these are my notes, not a database\n".repeat(200).getBytes(StandardCharsets.UTF_8);
    Files.write(file, text);
    Throwable refused = Await.failure(RelayStore.open(vertx, StoreLocation.parse("sqlite:" + file)));
    assertInstanceOf(StoreException.class, refused);
    assertEquals("store sqlite:" + file + " cannot be opened: file is not a database", refused.getMessage());
    assertArrayEquals(text, Files.readAllBytes(file));
  }

  @Test
  void aFolderThatCannotBeCreatedIsOneSentence() throws Exception {
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "a file where the folder should be");
    Throwable refused = Await.failure(RelayStore.open(vertx, StoreLocation.parse("sqlite:" + blocker.resolve("x.db"))));
    assertInstanceOf(StoreException.class, refused);
    assertTrue(refused.getMessage().startsWith("store sqlite:" + blocker.resolve("x.db") + " cannot be created: "),
        refused.getMessage());
  }

  @Test
  void aGroupMessageToAThousandMembersIsOneRowAndEveryOneReadsIt() throws Exception {
    RelayStore store = openSqlite(dir.resolve("big.db"));
    List<io.vertx.core.Future<JoinOutcome>> joins = new java.util.ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      joins.add(store.join("lobby", "m" + i, 2, T0, MAX_ROOMS, MAX_MEMBERS));
    }
    await(io.vertx.core.Future.all(joins));
    await(store.append(List.of(group("lobby", "m0", EPOCH_A, T0))));
    try (var c = StoreBackend.Sqlite.jdbc(store.location());
         var rs = c.createStatement().executeQuery("SELECT (SELECT count(*) FROM frames), (SELECT count(*) FROM frame_recipients)")) {
      rs.next();
      assertEquals(1, rs.getLong(1));
      assertEquals(0, rs.getLong(2), "group_message recipients follow from memberships, no row per member");
    }
    for (int i = 1; i < 1_000; i += 111) {
      assertEquals(1, await(store.read("lobby", "m" + i, 0, 10)).size());
    }
    assertEquals(List.of(), await(store.read("lobby", "m0", 0, 10)), "not to its sender");
  }

  @Test
  void closedStoreRefusesWrites() throws Exception {
    RelayStore store = openSqlite(dir.resolve("c.db"));
    await(store.closeAsync());
    Throwable refused = Await.failure(store.append(List.of(message("lobby", "alice", "bob"))));
    assertEquals("store sqlite:" + dir.resolve("c.db") + " is closed", refused.getMessage());
  }

  @Test
  void theWalIsCopiedIntoTheFileWhileOpenNotByTheCommits() throws Exception {
    Path file = dir.resolve("chatroom.db");
    RelayStore store = openSqlite(file);
    join(store, "lobby", "bob");
    io.vertx.core.buffer.Buffer body = io.vertx.core.buffer.Buffer.buffer("x".repeat(2_000));
    int frames = 3_000; // 6 MB: far below the writer's own checkpoint threshold (64 MB)
    for (int batch = 0; batch < frames / 100; batch++) {
      List<NewFrame> hundred = new java.util.ArrayList<>();
      for (int i = 0; i < 100; i++) {
        hundred.add(new NewFrame("lobby", FrameKind.GROUP_MESSAGE, "alice", "id-" + batch + "-" + i, T0, EPOCH_A,
            List.of(), body, T0));
      }
      await(store.append(hundred));
    }
    // only a checkpoint writes frames into the main file; the checkpointer does it while the store is open
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (Files.size(file) < (long) frames * body.length() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(Files.size(file) >= (long) frames * body.length(), "main file " + Files.size(file) + " bytes");
    assertEquals((long) frames, await(store.maxSeq("lobby")));
  }
}
