package dev.chatroom.client;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/** Exponential backoff with jitter: about 1 s, 2 s, 4 s ... capped at 30 s, each +/-20%. */
public final class Backoff {
  static final long FIRST_MS = 1_000;
  static final long MAX_MS = 30_000;

  private final DoubleSupplier random;
  private int failures;

  public Backoff() {
    this(() -> ThreadLocalRandom.current().nextDouble());
  }

  Backoff(DoubleSupplier random) {
    this.random = random;
  }

  /** The wait before the next attempt; each call counts one more failure. */
  public long nextDelayMs() {
    long base = FIRST_MS << Math.min(failures, 5);
    failures++;
    // Jitter spreads the reconnects of many clients after a relay restart.
    long delay = Math.round(Math.min(base, MAX_MS) * (0.8 + 0.4 * random.getAsDouble()));
    return Math.min(delay, MAX_MS);
  }

  /** A session was established: start again from about 1 s. */
  public void reset() {
    failures = 0;
  }
}
