package dev.chatroom.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's only writer: one thread drains a queue of write ops and runs everything waiting
 * in one transaction (group commit), completing each op's future only after the commit. If a
 * batch fails, each op is retried alone, so one bad op cannot fail its neighbours.
 */
final class SqliteWriter {
  private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);
  static final int MAX_BATCH = 1_024;
  static final int MAX_QUEUED = 65_536;

  /** {@code frames} is set for an append, which runs merged with the appends next to it. */
  private record Task<T>(SqlOp<T> op, List<SqliteFrameOps.Ready> frames, Context context, Promise<T> promise) {
    @SuppressWarnings("unchecked")
    void succeed(Object result) {
      context.runOnContext(v -> promise.complete((T) result));
    }

    void fail(Throwable error) {
      context.runOnContext(v -> promise.fail(error));
    }
  }

  private static final Task<Void> STOP = new Task<>(sql -> null, null, null, null);

  private final Statements sql;
  private final StoreLocation where;
  private final SqliteCheckpointer checkpointer;
  private final BlockingQueue<Task<?>> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
  private final Thread thread;
  private final Promise<Void> stopped = Promise.promise();
  private volatile boolean closing;

  SqliteWriter(Statements sql, StoreLocation where, SqliteCheckpointer checkpointer) {
    this.sql = sql;
    this.where = where;
    this.checkpointer = checkpointer;
    this.thread = new Thread(this::loop, "chatroom-store-writer");
    thread.setDaemon(true);
    thread.start();
  }

  <T> Future<T> submit(Context context, SqlOp<T> op) {
    return enqueue(context, op, null);
  }

  /** An append; consecutive appends in a batch share one pass, so a room's seq is read once per batch. */
  Future<List<Appended>> append(Context context, List<SqliteFrameOps.Ready> frames) {
    return enqueue(context, sql -> SqliteFrameOps.append(sql, frames), frames);
  }

  private <T> Future<T> enqueue(Context context, SqlOp<T> op, List<SqliteFrameOps.Ready> frames) {
    Promise<T> promise = Promise.promise();
    if (closing) {
      promise.fail(new StoreException("store " + where + " is closed"));
    } else if (!queue.offer(new Task<>(op, frames, context, promise))) {
      // fail fast rather than hold unbounded work: the caller answers with an error
      promise.fail(new StoreException("store " + where + " is overloaded: " + MAX_QUEUED + " writes waiting"));
    }
    return promise.future();
  }

  /** Runs what is queued, then stops the thread and closes the connection. */
  Future<Void> close() {
    if (!closing) {
      closing = true;
      try {
        queue.put(STOP);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return stopped.future();
  }

  private void loop() {
    List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
    try {
      while (true) {
        batch.clear();
        batch.add(queue.take());
        queue.drainTo(batch, MAX_BATCH - 1);
        int stop = batch.indexOf(STOP);
        if (stop >= 0) {
          runBatch(batch.subList(0, stop));
          break;
        }
        runBatch(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      for (Task<?> left; (left = queue.poll()) != null; ) {
        if (left != STOP) {
          left.fail(new StoreException("store " + where + " is closed"));
        }
      }
      checkpointer.close();
      sql.close();
      stopped.tryComplete();
    }
  }

  private void runBatch(List<Task<?>> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<Object> results = new ArrayList<>(batch.size());
    try {
      for (int i = 0; i < batch.size(); ) {
        Task<?> task = batch.get(i);
        if (task.frames() == null) {
          results.add(task.op().run(sql));
          i++;
          continue;
        }
        int end = i;
        List<SqliteFrameOps.Ready> frames = new ArrayList<>();
        for (; end < batch.size() && batch.get(end).frames() != null; end++) {
          frames.addAll(batch.get(end).frames());
        }
        List<Appended> all = SqliteFrameOps.append(sql, frames);
        for (int from = 0; i < end; i++) {
          int size = batch.get(i).frames().size();
          results.add(List.copyOf(all.subList(from, from + size)));
          from += size;
        }
      }
      sql.connection().commit();
      checkpointer.committed();
    } catch (SQLException | RuntimeException e) {
      rollback();
      if (batch.size() == 1) {
        log.warn("store write failed: {}", e.getMessage());
        batch.get(0).fail(new StoreException("store " + where + " could not write: " + e.getMessage(), e));
      } else {
        log.warn("store batch of {} failed, retrying each alone: {}", batch.size(), e.toString());
        for (Task<?> task : batch) {
          runBatch(List.of(task));
        }
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).succeed(results.get(i));
    }
  }

  private void rollback() {
    try {
      sql.connection().rollback();
    } catch (SQLException e) {
      log.warn("store rollback failed: {}", e.getMessage());
    }
  }
}
