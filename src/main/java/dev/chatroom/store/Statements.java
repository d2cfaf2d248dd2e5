package dev.chatroom.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** One JDBC connection and its prepared statements, compiled once; used by one thread at a time. */
final class Statements implements AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> cache = new HashMap<>();

  Statements(Connection connection) {
    this.connection = connection;
  }

  Connection connection() { return connection; }

  /** The statement for {@code sql} with {@code args} bound in order. */
  PreparedStatement bind(String sql, Object... args) throws SQLException {
    PreparedStatement ps = cache.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      cache.put(sql, ps);
    } else {
      ps.clearParameters();
    }
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }

  int update(String sql, Object... args) throws SQLException {
    return bind(sql, args).executeUpdate();
  }

  /** The first column of the first row as a long, or {@code missing} without a row. */
  long queryLong(String sql, long missing, Object... args) throws SQLException {
    try (var rs = bind(sql, args).executeQuery()) {
      return rs.next() ? rs.getLong(1) : missing;
    }
  }

  @Override
  public void close() {
    for (PreparedStatement ps : cache.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
    cache.clear();
    try {
      connection.close();
    } catch (SQLException e) {
      // closing anyway
    }
  }
}
