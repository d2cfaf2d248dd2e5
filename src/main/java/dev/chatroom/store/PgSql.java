package dev.chatroom.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link StoreSql} statements on the reactive client: prepared (and cached by the client), $n parameters. */
final class PgSql {
  private static final Map<String, String> NUMBERED = new ConcurrentHashMap<>();

  private PgSql() {}

  static Future<RowSet<Row>> query(SqlClient client, String sql, Object... args) {
    return client.preparedQuery(NUMBERED.computeIfAbsent(sql, StoreSql::numbered)).execute(Tuple.wrap(args));
  }

  static Future<RowSet<Row>> batch(SqlClient client, String sql, List<Tuple> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    return client.preparedQuery(NUMBERED.computeIfAbsent(sql, StoreSql::numbered)).executeBatch(rows);
  }

  /** The first column of the first row as a long, or {@code missing} without a row. */
  static Future<Long> queryLong(SqlClient client, String sql, long missing, Object... args) {
    return query(client, sql, args).map(rows -> {
      var it = rows.iterator();
      return it.hasNext() ? it.next().getLong(0) : missing;
    });
  }

  static int updated(RowSet<Row> rows) {
    return rows == null ? 0 : rows.rowCount();
  }
}
