package dev.chatroom.bench;

/** What one load run measured; latencies in microseconds from the intended send time. */
public record BenchResult(String target, Workload workload, int lineBytes, long sent,
                          double deliveredPerSecond, double megabytesPerSecond,
                          double p50Micros, double p99Micros, double p999Micros, double maxMicros,
                          long lost, long duplicated, long acks, long acksWithMissing,
                          long errors, long openFailures, long disconnects, String firstError,
                          Costs costs) {

  /**
   * Per second of the measured window: messages sent, acks received (for version 2, frames
   * stored); CPU seconds of the generator and of the server process (-1 if not measured).
   */
  public record Costs(double sentPerSecond, double acksPerSecond, double generatorCpuSeconds,
                      double serverCpuSeconds) {
    static final Costs NONE = new Costs(0, 0, -1, -1);
  }

  /** Nothing lost, duplicated, refused or dropped. */
  public boolean clean() {
    return lost == 0 && duplicated == 0 && errors == 0 && openFailures == 0 && disconnects == 0;
  }

  /** What made the run not clean, in words ("lost 856, disconnects 1"); empty when clean. */
  public String problem() {
    java.util.StringJoiner out = new java.util.StringJoiner(", ");
    long[] counts = {lost, duplicated, errors, openFailures, disconnects};
    String[] names = {"lost", "duplicated", "errors", "connections refused", "disconnects"};
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        out.add(names[i] + " " + counts[i]);
      }
    }
    return firstError == null ? out.toString() : out + " (first error: " + firstError + ")";
  }

  /** Generator CPU nanoseconds per delivery in the measured window; -1 if unknown. */
  public double generatorNanosPerDelivery() {
    return perDelivery(costs.generatorCpuSeconds());
  }

  public double serverNanosPerDelivery() {
    return perDelivery(costs.serverCpuSeconds());
  }

  private double perDelivery(double cpuSeconds) {
    double deliveries = deliveredPerSecond * workload.duration().toNanos() / 1e9;
    return cpuSeconds < 0 || deliveries == 0 ? -1 : cpuSeconds * 1e9 / deliveries;
  }
}
