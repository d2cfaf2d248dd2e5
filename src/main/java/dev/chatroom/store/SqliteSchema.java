package dev.chatroom.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Applies the schema deltas to a SQLite store, each with its version bump in one transaction. */
final class SqliteSchema {
  private SqliteSchema() {}

  /** Returns the version the store was at before. */
  static int migrate(Connection c, StoreLocation where) throws SQLException, StoreException {
    int current;
    try (Statement st = c.createStatement()) {
      st.execute(Schema.VERSION_TABLE);
      try (ResultSet rs = st.executeQuery("SELECT version FROM schema_version")) {
        current = rs.next() ? rs.getInt(1) : -1;
      }
      if (current < 0) {
        st.execute("INSERT INTO schema_version (version) VALUES (0)");
        current = 0;
      }
      c.commit();
      if (current > Schema.LATEST) {
        throw Schema.tooNew(where, current);
      }
      for (int v = current + 1; v <= Schema.LATEST; v++) {
        try {
          for (String statement : Schema.statements("sqlite", v)) {
            st.execute(statement);
          }
          st.executeUpdate("UPDATE schema_version SET version = " + v);
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw new StoreException("store " + where + " cannot be migrated to schema version " + v + ": "
              + SqliteFiles.reason(e), e);
        }
      }
    }
    return current;
  }
}
