package dev.chatroom.store;

import io.vertx.core.Vertx;
import java.nio.file.Path;

/** A kind of store the contract tests run against; each {@link #fresh} is a new, empty store. */
interface StoreBackend {
  /** A location nobody has used yet. */
  StoreLocation fresh() throws Exception;

  default RelayStore open(Vertx vertx, StoreLocation location) throws Exception {
    return Await.result(RelayStore.open(vertx, location));
  }

  /** A SQLite file in a new temporary folder. */
  record Sqlite(Path root) implements StoreBackend {
    @Override
    public StoreLocation fresh() throws Exception {
      Path dir = java.nio.file.Files.createTempDirectory(root, "store");
      return StoreLocation.parse("sqlite:" + dir.resolve("data/chatroom.db"));
    }

    @Override
    public String toString() { return "sqlite"; }
  }
}
