package dev.chatroom.relay;

/**
 * Per-connection rate limit: {@code burst} frames at once, refilled at {@code ratePerSecond}.
 * Kept as the time the bucket is full again (GCRA) in whole nanoseconds, so refused tries change
 * nothing and no rounding accumulates under a flood.
 */
final class TokenBucket {
  private static final long MAX_SPAN = Long.MAX_VALUE / 4; // keeps nanoTime sums clear of overflow

  private final long intervalNanos;
  private final long toleranceNanos;
  private long fullAt;

  TokenBucket(double ratePerSecond, int burst, long nowNanos) {
    this.intervalNanos = Math.max(1, Math.min(MAX_SPAN, Math.round(1e9 / ratePerSecond)));
    this.toleranceNanos = burst > MAX_SPAN / intervalNanos ? MAX_SPAN : intervalNanos * burst;
    this.fullAt = nowNanos;
  }

  /** True when the bucket has refilled to its burst by {@code nowNanos} (nothing taken recently). */
  boolean isFull(long nowNanos) {
    return fullAt - nowNanos <= 0;
  }

  /** Takes one token if there is one. */
  boolean tryTake(long nowNanos) {
    long next = (fullAt - nowNanos > 0 ? fullAt : nowNanos) + intervalNanos;
    if (next - nowNanos > toleranceNanos) {
      return false;
    }
    fullAt = next;
    return true;
  }
}
