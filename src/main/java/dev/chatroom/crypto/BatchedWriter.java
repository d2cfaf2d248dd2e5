package dev.chatroom.crypto;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Saves a file on its own thread, at most once per {@code delayMs}: any number of changes in
 * that time become one write, and the caller (an event loop) never waits for the disk.
 */
final class BatchedWriter implements AutoCloseable {
  /** Writes the current state; runs on the writer's thread only. */
  interface Save {
    void run() throws IOException;
  }

  private final String what;
  private final long delayMs;
  private final Save save;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicInteger writes = new AtomicInteger();
  private volatile Consumer<String> onFailure = message -> {};

  BatchedWriter(String what, long delayMs, Save save) {
    this.what = what;
    this.delayMs = delayMs;
    this.save = save;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "save " + what);
      t.setDaemon(true); // close() flushes; a daemon never keeps a finished client alive
      return t;
    });
  }

  /** Where a failed background save is reported, as one sentence. */
  void onFailure(Consumer<String> listener) {
    this.onFailure = listener;
  }

  /** Something changed: save it within {@code delayMs}. Cheap, from any thread. */
  void request() {
    dirty.set(true);
    if (scheduled.compareAndSet(false, true)) {
      thread.schedule(this::background, delayMs, TimeUnit.MILLISECONDS);
    }
  }

  /** Saves now if anything changed, and waits; a failure is thrown, not reported. */
  void flush() throws IOException {
    try {
      thread.submit(() -> {
        saveIfDirty();
        return null;
      }).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while saving " + what, e);
    }
  }

  /** How many times the file was written: what tests bound. */
  int writes() {
    return writes.get();
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      thread.shutdown();
    }
  }

  private void background() {
    scheduled.set(false);
    try {
      saveIfDirty();
    } catch (IOException | RuntimeException e) {
      onFailure.accept("Could not save " + what + ": " + e.getMessage());
    }
  }

  private void saveIfDirty() throws IOException {
    if (!dirty.getAndSet(false)) {
      return;
    }
    try {
      save.run();
      writes.incrementAndGet();
    } catch (IOException | RuntimeException e) {
      dirty.set(true); // try again with the next change or at close
      throw e;
    }
  }
}
