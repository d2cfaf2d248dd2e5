package dev.chatroom.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL into the database file on a thread and connection of its own, so that no
 * commit (and no ack waiting for it) pays for a checkpoint: SQLite's automatic checkpoint runs
 * inside the commit that crosses its threshold, writing and fsyncing the main file while that
 * batch waits. PASSIVE never blocks the writer or a reader. Durability is unchanged: every
 * commit is already fsynced in the WAL before its ack; a crash mid-checkpoint is replayed from it.
 */
final class SqliteCheckpointer {
  private static final Logger log = LoggerFactory.getLogger(SqliteCheckpointer.class);
  /** How often the WAL is copied while writes come in. */
  static final long EVERY_MS = 100;

  private final Connection connection;
  private final Thread thread;
  private volatile boolean stopping;
  private volatile long commits; // bumped by the writer after each commit
  private long checkpointedAt;

  SqliteCheckpointer(Connection connection) {
    this.connection = connection;
    this.thread = new Thread(this::loop, "chatroom-store-checkpoint");
    thread.setDaemon(true);
    thread.start();
  }

  /** Called by the writer thread after a commit. */
  void committed() {
    commits++; // one writer thread: no lost update
  }

  private void loop() {
    try (Statement st = connection.createStatement()) {
      while (!stopping) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(EVERY_MS));
        long seen = commits;
        if (seen != checkpointedAt) {
          checkpointedAt = seen;
          st.execute("PRAGMA wal_checkpoint(PASSIVE)");
        }
      }
    } catch (SQLException e) {
      // the writer's own automatic checkpoint (a higher threshold) still bounds the WAL
      log.warn("store checkpoints fall back to the writer: {}", SqliteFiles.reason(e));
    } finally {
      try {
        connection.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
  }

  /** Stops the thread and closes its connection. */
  void close() {
    stopping = true;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
