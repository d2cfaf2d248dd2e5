package dev.chatroom.relay;

import dev.chatroom.store.Appended;
import dev.chatroom.store.NewFrame;
import dev.chatroom.store.RelayStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the frames accepted during one event-loop task and hands them to the store as one
 * batch (one transaction), so a read of 50 messages costs one commit. The store completes
 * batches in the order they were given, so seqs come back, and are delivered, in order.
 */
final class Sequencer {
  private record Pending(NewFrame frame, Handler<AsyncResult<Appended>> done) {}

  private final RelayStore store;
  private final Runnable afterBatch; // writes what the completions queued, once per batch
  private final RetentionPacer retention;
  private List<Pending> pending = new ArrayList<>();
  private int inFlight;

  Sequencer(RelayStore store, Runnable afterBatch, RetentionPacer retention) {
    this.store = store;
    this.afterBatch = afterBatch;
    this.retention = retention;
  }

  /** Queues a frame; {@code done} runs on the event loop once it is durable (or failed). */
  void submit(NewFrame frame, Handler<AsyncResult<Appended>> done) {
    pending.add(new Pending(frame, done));
  }

  /** Sends what this task queued as one batch. Called at the end of every event-loop task. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<Pending> batch = pending;
    pending = new ArrayList<>(batch.size()); // a busy loop's batches are alike: no growing copies
    List<NewFrame> frames = new ArrayList<>(batch.size());
    batch.forEach(p -> frames.add(p.frame()));
    inFlight += batch.size();
    store.append(frames).onComplete(result -> {
      inFlight -= batch.size();
      for (int i = 0; i < batch.size(); i++) {
        Appended appended = result.succeeded() ? result.result().get(i) : null;
        if (appended != null && !appended.duplicate()) {
          retention.stored(frames.get(i).room());
        }
        batch.get(i).done().handle(result.succeeded() ? Future.succeededFuture(appended)
            : Future.failedFuture(result.cause()));
      }
      afterBatch.run();
    });
  }

  /** Frames handed to the store and not yet durable (for metrics and a clean stop). */
  int inFlight() {
    return inFlight + pending.size();
  }
}
