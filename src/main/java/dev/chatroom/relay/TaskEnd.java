package dev.chatroom.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What every event-loop task of a node ends with: this task's frames go to the store and its
 * batches to other nodes, then each connection written to is flushed once (one socket write
 * per client per task), then the output budget is checked. Not re-entrant: what a pass causes
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

  /** {@code c} has bytes queued: it is written at the end of this task. */
  void markDirty(Connection c) { dirty.add(c); }

  /** Ends the current task; a call from within a pass returns at once (the pass covers it). */
  void run() {
    if (running) {
      return;
    }
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
        run();
      });
    }
  }
}
