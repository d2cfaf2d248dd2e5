package dev.chatroom.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What every event-loop task of a node ends with: the frames accepted go to the store and the
 * batches to other nodes, then each connection written to is flushed once, then the output
 * budget is checked. The pass runs as a task queued behind the tasks already waiting, so the
 * reads of one event-loop turn (and the store completions queued with them) share one store
 * batch and one socket write per client, as Redis writes each client once per turn: at room 100
 * a write per sender's batch was most of the relay's time. Not re-entrant: what a pass causes
 * itself (a cut reader's room hears {@code left}, a store that answers at once) joins the pass
 * in progress instead of starting a nested one.
 */
final class TaskEnd {
  private static final long BUDGET_CHECK_INTERVAL_NANOS = 10_000_000L;

  private final Runnable publish;
  private final OutputBudget budget;
  private final LongSupplier clock;
  private final Consumer<Runnable> nextTask;
  private final Runnable enforceBudget;
  private final List<Connection> dirty = new ArrayList<>();
  private boolean running;
  private boolean passQueued;
  private boolean budgetCheckQueued;
  private long lastBudgetCheckNanos;

  /**
   * {@code publish} hands on what the task accepted; {@code enforceBudget} cuts readers until
   * the budget holds, run as a task of its own through {@code nextTask}.
   */
  TaskEnd(Runnable publish, OutputBudget budget, LongSupplier clock, Consumer<Runnable> nextTask, Runnable enforceBudget) {
    this.publish = publish;
    this.budget = budget;
    this.clock = clock;
    this.nextTask = nextTask;
    this.enforceBudget = enforceBudget;
    this.lastBudgetCheckNanos = clock.getAsLong() - BUDGET_CHECK_INTERVAL_NANOS;
  }

  /** {@code c} has bytes queued: it is written by the next pass. */
  void markDirty(Connection c) { dirty.add(c); }

  /** Ends the current task: queues a pass unless one is queued or running (it covers this task too). */
  void run() {
    if (running || passQueued) {
      return;
    }
    passQueued = true;
    nextTask.accept(this::pass);
  }

  private void pass() {
    passQueued = false;
    running = true;
    try {
      publish.run();
      for (int i = 0; i < dirty.size(); i++) {
        dirty.get(i).flush(); // may cut a slow reader; whom that tells joins this list
      }
    } finally {
      dirty.clear();
      running = false;
    }
    // a check sorts every connection: at most one per 10 ms, or a closing client's queue (no longer
    // ours to cut) could make every event pay for one
    if (budget.exceeded() && !budgetCheckQueued && clock.getAsLong() - lastBudgetCheckNanos >= BUDGET_CHECK_INTERVAL_NANOS) {
      budgetCheckQueued = true;
      nextTask.accept(() -> {
        budgetCheckQueued = false;
        lastBudgetCheckNanos = clock.getAsLong();
        enforceBudget.run();
        pass();
      });
    }
  }
}
