package dev.chatroom.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit on PostgreSQL, without a thread: write ops wait in a queue on the store's
 * context; whatever waits when the previous write ends runs next. Appends next to each other
 * run as one statement (its own transaction, one round trip, see {@link PgFrameOps#APPEND});
 * other ops as one transaction, their statements pipelined on one connection. One write at a
 * time keeps seqs in the order the appends were given. A failed batch is retried one op at a
 * time, so a conflict with another node fails only the op it concerns (and usually not even
 * that: alone, the op sees the other node's commit).
 */
final class PgWriter {
  private static final Logger log = LoggerFactory.getLogger(PgWriter.class);
  /** Appends stop joining a statement past this many frames, so that one stays a few MB of arrays. */
  static final int MAX_FRAMES_PER_STATEMENT = 4_096;

  interface PgOp<T> extends Function<SqlConnection, Future<T>> {}

  private static final class Task<T> {
    final PgOp<T> op;
    final List<NewFrame> frames; // set for an append, which is merged with its neighbours
    final Context caller;
    final Promise<T> promise = Promise.promise();
    boolean alone;

    Task(PgOp<T> op, List<NewFrame> frames, Context caller) {
      this.op = op;
      this.frames = frames;
      this.caller = caller;
    }

    @SuppressWarnings("unchecked")
    void succeed(Object result) {
      caller.runOnContext(v -> promise.complete((T) result));
    }

    void fail(Throwable error) {
      caller.runOnContext(v -> promise.fail(error));
    }
  }

  private final Pool pool;
  private final Context context;
  private final StoreLocation where;
  private final Deque<Task<?>> pending = new ArrayDeque<>(); // only on context
  private boolean running;
  private boolean closed;
  private Promise<Void> drained;

  PgWriter(Pool pool, Context context, StoreLocation where) {
    this.pool = pool;
    this.context = context;
    this.where = where;
  }

  <T> Future<T> submit(Context caller, PgOp<T> op) {
    return enqueue(new Task<>(op, null, caller));
  }

  /** An append; appends next to each other in a batch run as one, in a few round trips. */
  Future<List<Appended>> append(Context caller, List<NewFrame> frames) {
    return enqueue(new Task<>(null, frames, caller)); // run by appendAll, never as an op
  }

  private <T> Future<T> enqueue(Task<T> task) {
    context.runOnContext(v -> {
      if (closed) {
        task.fail(new StoreException("store " + where + " is closed"));
      } else if (pending.size() >= SqliteWriter.MAX_QUEUED) {
        task.fail(new StoreException("store " + where + " is overloaded: " + SqliteWriter.MAX_QUEUED + " writes waiting"));
      } else {
        pending.add(task);
        drain();
      }
    });
    return task.promise.future();
  }

  /** Refuses new writes and completes once the queued ones are done. */
  Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      if (!running && pending.isEmpty()) {
        done.complete();
      } else {
        drained = done;
      }
    });
    return done.future();
  }

  private void drain() {
    if (running) {
      return;
    }
    if (pending.isEmpty()) {
      if (drained != null) {
        drained.complete();
      }
      return;
    }
    running = true;
    List<Task<?>> batch = new ArrayList<>();
    Task<?> head = pending.pollFirst();
    batch.add(head);
    boolean appends = head.frames != null;
    int frames = appends ? head.frames.size() : 0;
    while (!head.alone && !pending.isEmpty() && !pending.peekFirst().alone && batch.size() < SqliteWriter.MAX_BATCH
        && frames < MAX_FRAMES_PER_STATEMENT && (pending.peekFirst().frames != null) == appends) {
      Task<?> next = pending.pollFirst();
      frames += appends ? next.frames.size() : 0;
      batch.add(next);
    }
    List<Object> results = new ArrayList<>(batch.size());
    Future<Void> run = appends ? appendAll(batch, results)
        : pool.withTransaction(conn -> runInOrder(conn, batch, results));
    run.onComplete(done -> {
      running = false;
      if (done.succeeded()) {
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).succeed(results.get(i));
        }
      } else if (batch.size() == 1) {
        log.warn("store write failed: {}", done.cause().getMessage());
        batch.get(0).fail(PgStore.failure(where, "could not write", done.cause()));
      } else {
        log.warn("store batch of {} failed, retrying each alone: {}", batch.size(), done.cause().getMessage());
        for (int i = batch.size() - 1; i >= 0; i--) {
          batch.get(i).alone = true;
          pending.addFirst(batch.get(i));
        }
      }
      drain();
    });
  }

  /** Appends in one statement on the pool; each task's results are its frames' slice. */
  private Future<Void> appendAll(List<Task<?>> appends, List<Object> results) {
    List<NewFrame> frames = new ArrayList<>();
    for (Task<?> append : appends) {
      frames.addAll(append.frames);
    }
    return PgFrameOps.append(pool, frames).map(all -> {
      int from = 0;
      for (Task<?> append : appends) {
        results.add(List.copyOf(all.subList(from, from + append.frames.size())));
        from += append.frames.size();
      }
      return null;
    });
  }

  private static Future<Void> runInOrder(SqlConnection conn, List<Task<?>> batch, List<Object> results) {
    Future<Void> chain = Future.succeededFuture();
    for (Task<?> task : batch) {
      chain = chain.compose(v -> task.op.apply(conn)).map(r -> {
        results.add(r);
        return null;
      });
    }
    return chain;
  }
}
