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

  /** A new database on the server CHATROOM_TEST_PG names (its user may create databases). */
  record Postgres(StoreLocation.Postgres admin) implements StoreBackend {
    private static final java.util.concurrent.atomic.AtomicInteger NEXT = new java.util.concurrent.atomic.AtomicInteger();
    // the pid too: surefire's forks share the server and may start in the same millisecond
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36)
        + "_" + ProcessHandle.current().pid();

    @Override
    public StoreLocation fresh() throws Exception {
      String db = "chatroom_test_" + RUN + "_" + NEXT.incrementAndGet();
      sql(admin, "CREATE DATABASE " + db);
      return new StoreLocation.Postgres(admin.user(), admin.password(), admin.host(), admin.port(), db);
    }

    @Override
    public int schemaVersion(StoreLocation location) throws Exception {
      var rows = sql((StoreLocation.Postgres) location, "SELECT version FROM schema_version");
      return rows.iterator().hasNext() ? rows.iterator().next().getInteger(0) : -1;
    }

    @Override
    public void setSchemaVersion(StoreLocation location, int version) throws Exception {
      sql((StoreLocation.Postgres) location, "UPDATE schema_version SET version = " + version);
    }

    /** Runs one statement on {@code where} with a client of its own. */
    static io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> sql(StoreLocation.Postgres where, String statement) throws Exception {
      io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
      try {
        var options = new io.vertx.pgclient.PgConnectOptions().setHost(where.host()).setPort(where.port())
            .setDatabase(where.database()).setUser(where.user());
        if (where.password() != null) {
          options.setPassword(where.password());
        }
        var client = io.vertx.pgclient.PgBuilder.client().connectingTo(options).using(vertx).build();
        return Await.result(client.query(statement).execute().eventually(() -> client.close()));
      } finally {
        Await.result(vertx.close());
      }
    }

    @Override
    public String toString() { return "postgresql"; }
  }
}
