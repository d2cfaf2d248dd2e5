package dev.chatroom.store;

import io.vertx.core.Vertx;
import java.nio.file.Path;

/** A kind of store the contract tests run against; each {@link #fresh} is a new, empty store. */
interface StoreBackend {
  /** A location nobody has used yet. */
  StoreLocation fresh() throws Exception;

  /** The schema version recorded in a (closed) store. */
  int schemaVersion(StoreLocation location) throws Exception;

  /** Pretends a (closed) store was written by another release. */
  void setSchemaVersion(StoreLocation location, int version) throws Exception;

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
    public int schemaVersion(StoreLocation location) throws Exception {
      try (var c = jdbc(location); var rs = c.createStatement().executeQuery("SELECT version FROM schema_version")) {
        return rs.next() ? rs.getInt(1) : -1;
      }
    }

    @Override
    public void setSchemaVersion(StoreLocation location, int version) throws Exception {
      try (var c = jdbc(location)) {
        c.createStatement().executeUpdate("UPDATE schema_version SET version = " + version);
      }
    }

    static java.sql.Connection jdbc(StoreLocation location) throws java.sql.SQLException {
      return java.sql.DriverManager.getConnection("jdbc:sqlite:" + ((StoreLocation.Sqlite) location).path());
    }

    @Override
    public String toString() { return "sqlite"; }
  }
}
