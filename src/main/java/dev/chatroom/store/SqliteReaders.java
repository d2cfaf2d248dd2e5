package dev.chatroom.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads on worker threads, never the event loop: a few query-only connections, which in WAL
 * mode read the last commit without waiting for the writer.
 */
final class SqliteReaders {
  private final WorkerExecutor workers;
  private final BlockingQueue<Statements> idle;
  private final List<Statements> all;
  private final StoreLocation where;

  SqliteReaders(Vertx vertx, List<Statements> connections, StoreLocation where) {
    this.all = List.copyOf(connections);
    this.idle = new ArrayBlockingQueue<>(all.size(), false, all);
    this.where = where;
    this.workers = vertx.createSharedWorkerExecutor("chatroom-store-reader-" + System.identityHashCode(this), all.size());
  }

  <T> Future<T> submit(SqlOp<T> op) {
    return workers.executeBlocking(() -> {
      Statements sql = idle.take();
      try {
        return op.run(sql);
      } catch (SQLException e) {
        throw new StoreException("store " + where + " could not read: " + e.getMessage(), e);
      } finally {
        idle.put(sql);
      }
    }, false);
  }

  Future<Void> close() {
    return workers.close().andThen(done -> all.forEach(Statements::close));
  }
}
