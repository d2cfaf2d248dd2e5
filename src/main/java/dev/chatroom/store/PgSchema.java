package dev.chatroom.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;

/**
 * Applies the schema deltas to PostgreSQL in one transaction holding an advisory lock, so that
 * nodes starting together migrate once and the others then find the latest version.
 */
final class PgSchema {
  /** Any fixed number; only chatroom's migrations take this lock. */
  private static final long MIGRATION_LOCK = 0x63686174726f6fL;

  private PgSchema() {}

  static Future<Integer> migrate(Pool pool, StoreLocation where) {
    return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")").execute()
        // checked first: CREATE TABLE IF NOT EXISTS would log a server notice at every start
        .compose(v -> conn.query("SELECT to_regclass('schema_version') IS NOT NULL").execute())
        .compose(exists -> exists.iterator().next().getBoolean(0) ? Future.succeededFuture()
            : conn.query(Schema.VERSION_TABLE).execute())
        .compose(v -> conn.query("SELECT version FROM schema_version").execute())
        .compose(rows -> {
          var it = rows.iterator();
          if (it.hasNext()) {
            Row row = it.next();
            return Future.succeededFuture(row.getInteger(0));
          }
          return conn.query("INSERT INTO schema_version (version) VALUES (0)").execute().map(0);
        })
        .compose(current -> {
          if (current > Schema.LATEST) {
            return Future.failedFuture(Schema.tooNew(where, current));
          }
          Future<Void> chain = Future.succeededFuture();
          for (int v = current + 1; v <= Schema.LATEST; v++) {
            int version = v;
            chain = chain.compose(x -> apply(conn, version));
          }
          return chain.map(current);
        }));
  }

  private static Future<Void> apply(SqlConnection conn, int version) {
    Future<Void> chain = Future.succeededFuture();
    for (String statement : Schema.statements("postgres", version)) {
      chain = chain.compose(x -> conn.query(statement).execute().mapEmpty());
    }
    return chain.compose(x -> conn.query("UPDATE schema_version SET version = " + version).execute().mapEmpty());
  }
}
