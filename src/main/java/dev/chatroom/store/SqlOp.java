package dev.chatroom.store;

import java.sql.SQLException;

/** One unit of blocking store work on a connection; a write op may run twice (batch retried alone). */
@FunctionalInterface
interface SqlOp<T> {
  T run(Statements sql) throws SQLException;
}
