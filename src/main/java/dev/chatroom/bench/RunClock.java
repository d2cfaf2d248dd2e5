package dev.chatroom.bench;

/** The time line of one run: a base for ids, then warmup, then the measured window. */
record RunClock(long base, long measureStart, long measureEnd) {
  static RunClock startingNow(Workload w) {
    long base = System.nanoTime();
    long start = base + w.warmup().toNanos();
    return new RunClock(base, start, start + w.duration().toNanos());
  }

  boolean inWindow(long nanos) { return nanos >= measureStart && nanos < measureEnd; }
}
