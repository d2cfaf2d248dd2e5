package dev.chatroom.relay;

/** Per-connection rate limit: {@code burst} frames at once, refilled at {@code ratePerSecond}. */
final class TokenBucket {
  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long last;

  TokenBucket(double ratePerSecond, int burst, long nowNanos) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.last = nowNanos;
  }

  /** True when the bucket has refilled to its burst by {@code nowNanos} (nothing taken recently). */
  boolean isFull(long nowNanos) {
    return tokens + (nowNanos - last) * ratePerNano >= burst;
  }

  /** Takes one token if there is one. */
  boolean tryTake(long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - last) * ratePerNano);
    last = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
