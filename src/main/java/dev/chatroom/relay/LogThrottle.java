package dev.chatroom.relay;

/** At most one log line a second for one connection: a flood of bad frames must not flood the log. */
final class LogThrottle {
  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private long last;
  private int suppressed;

  LogThrottle(long nowNanos) {
    last = nowNanos - INTERVAL_NANOS;
  }

  /** Null to skip this line; otherwise the suffix to log with it (how many were skipped). */
  String admit(long nowNanos) {
    if (nowNanos - last < INTERVAL_NANOS) {
      suppressed++;
      return null;
    }
    String more = suppressed == 0 ? "" : " (" + suppressed + " more errors not logged)";
    last = nowNanos;
    suppressed = 0;
    return more;
  }
}
