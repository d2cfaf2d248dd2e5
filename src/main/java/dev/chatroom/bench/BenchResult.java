package dev.chatroom.bench;

/** What one load run measured; latencies in microseconds from the intended send time. */
public record BenchResult(String target, Workload workload, int lineBytes, long sent,
                          double deliveredPerSecond, double megabytesPerSecond,
                          double p50Micros, double p99Micros, double p999Micros, double maxMicros,
                          long lost, long duplicated, long acks, long acksWithMissing,
                          long errors, long openFailures, long disconnects, String firstError) {

  /** Nothing lost, duplicated, refused or dropped. */
  public boolean clean() {
    return lost == 0 && duplicated == 0 && errors == 0 && openFailures == 0 && disconnects == 0;
  }
}
