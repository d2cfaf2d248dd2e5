package dev.chatroom.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * CPU seconds spent during a run's measured window by this process (the load generator) and
 * by the server's process when it is a child of ours, read at the window's start and end.
 */
final class CpuMeter implements Runnable {
  private final RunClock clock;
  private final ProcessHandle server;
  private volatile double generatorSeconds = -1;
  private volatile double serverSeconds = -1;

  CpuMeter(RunClock clock, ProcessHandle server) {
    this.clock = clock;
    this.server = server;
  }

  @Override
  public void run() {
    sleepUntil(clock.measureStart());
    long gen0 = generatorNanos();
    long srv0 = serverNanos();
    sleepUntil(clock.measureEnd());
    long gen1 = generatorNanos();
    long srv1 = serverNanos();
    if (gen0 >= 0 && gen1 >= 0) {
      generatorSeconds = (gen1 - gen0) / 1e9;
    }
    if (srv0 >= 0 && srv1 >= 0) {
      serverSeconds = (srv1 - srv0) / 1e9;
    }
  }

  /** -1 when not measured. */
  double generatorSeconds() { return generatorSeconds; }

  double serverSeconds() { return serverSeconds; }

  static long generatorNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private long serverNanos() {
    if (server == null) {
      return -1;
    }
    return server.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  private static void sleepUntil(long nanos) {
    long wait;
    while ((wait = nanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}
