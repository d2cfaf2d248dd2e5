package dev.chatroom.store;

import dev.chatroom.TestTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The stores every contract test runs against: SQLite always; PostgreSQL when
 * CHATROOM_TEST_PG names a server (.ci/run always starts one and sets it).
 */
final class Backends {
  /** Names a PostgreSQL server whose user may create databases, e.g. postgresql://postgres@127.0.0.1:5432/postgres. */
  static final String PG_ENV = "CHATROOM_TEST_PG";
  private static List<StoreBackend> all;

  private Backends() {}

  static synchronized List<StoreBackend> all() throws Exception {
    if (all == null) {
      Path root = Files.createTempDirectory("chatroom-store-test");
      // The stores outlive every test class (they are shared), so the folder goes when the JVM does.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
      List<StoreBackend> list = new ArrayList<>();
      list.add(new StoreBackend.Sqlite(root));
      String pg = System.getenv(PG_ENV);
      if (pg != null && !pg.isBlank()) {
        list.add(new StoreBackend.Postgres((StoreLocation.Postgres) StoreLocation.parse(pg)));
      }
      all = List.copyOf(list);
    }
    return all;
  }

  private static void deleteTree(Path dir) {
    try {
      TestTrees.deleteTree(dir);
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
