package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The end-of-task pass is queued once behind the waiting tasks, so one event-loop turn shares it. */
class TaskEndTest {
  private final List<Runnable> queue = new ArrayList<>();
  private final AtomicInteger publishes = new AtomicInteger();
  private final TaskEnd taskEnd = new TaskEnd(publishes::incrementAndGet, new OutputBudget(1_000_000), System::nanoTime,
      queue::add, () -> {});

  @Test
  void tasksEndingBeforeThePassRunsShareIt() {
    taskEnd.run();
    taskEnd.run();
    taskEnd.run();
    assertEquals(1, queue.size(), "one pass queued for three tasks");
    assertEquals(0, publishes.get(), "nothing published before the pass runs");
    queue.remove(0).run();
    assertEquals(1, publishes.get());
    taskEnd.run();
    assertEquals(1, queue.size(), "a task after the pass queues the next one");
  }

  @Test
  void aTaskEndingInsideThePassJoinsIt() {
    TaskEnd[] self = new TaskEnd[1];
    self[0] = new TaskEnd(() -> { publishes.incrementAndGet(); self[0].run(); }, new OutputBudget(1_000_000),
        System::nanoTime, queue::add, () -> {});
    self[0].run();
    queue.remove(0).run();
    assertEquals(1, publishes.get());
    assertEquals(0, queue.size(), "what the pass caused itself queued no second pass");
  }
}
