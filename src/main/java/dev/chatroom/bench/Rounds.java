package dev.chatroom.bench;

import dev.chatroom.crypto.Identity;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one workload against several targets, interleaved: round 1 runs each target once, then
 * round 2 in the next order (rotated), and so on, so that a burst of load from elsewhere on the
 * machine spreads over all targets instead of spoiling one.
 */
final class Rounds {
  private static final AtomicLong RUNS = new AtomicLong();
  private static final String RUN_TAG = Long.toString(System.nanoTime() % 1_000_000L, 36);

  private Rounds() {}

  /**
   * {@code serverWarmup} above zero first runs every target once for that long, unmeasured: a
   * child JVM's compiler is still busy tens of seconds into a saturated run, and a relay in
   * service is warm. Such a run must be clean too.
   */
  static List<Summary> run(Workload w, List<Wire> targets, Servers servers, Identity identity,
                           int rounds, Duration serverWarmup, PrintWriter progress) throws Exception {
    Map<Wire, List<BenchResult>> results = new LinkedHashMap<>();
    Map<Wire, Integer> lineBytes = new LinkedHashMap<>();
    targets.forEach(t -> results.put(t, new ArrayList<>()));
    if (!serverWarmup.isZero()) {
      Workload warming = w.withTimes(serverWarmup, Duration.ofSeconds(1));
      for (Wire t : targets) {
        BenchResult r = runOnce(warming, t, servers, identity);
        if (progress != null) {
          progress.printf(Locale.ROOT, "  warm-up   room %d %-9s %,12.0f deliveries/s (not counted)%n",
              w.roomSize(), t.label, r.deliveredPerSecond());
          progress.flush();
        }
        if (!r.clean()) {
          throw new IllegalStateException("the warm-up run of " + t.label + " was not clean: " + r.problem());
        }
      }
    }
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < targets.size(); k++) {
        Wire t = targets.get((k + round) % targets.size());
        int mark = servers.notableMark(t);
        BenchResult r = runOnce(w, t, servers, identity);
        results.get(t).add(r);
        lineBytes.put(t, r.lineBytes());
        if (progress != null) {
          progress.printf(Locale.ROOT, "  round %d/%d room %d %-9s %,12.0f deliveries/s  p99 %,9.0f us%s%n",
              round + 1, rounds, w.roomSize(), t.label, r.deliveredPerSecond(), r.p99Micros(),
              r.clean() ? "" : "  NOT CLEAN: " + r.problem());
          if (!r.clean()) {
            for (String line : servers.notableSince(t, mark)) {
              progress.println("    " + t.label + " said: " + line);
            }
          }
          progress.flush();
        }
      }
    }
    List<Summary> out = new ArrayList<>();
    results.forEach((t, rs) -> out.add(new Summary(t.label, w.roomSize(), lineBytes.get(t), rs)));
    return out;
  }

  private static BenchResult runOnce(Workload w, Wire t, Servers servers, Identity identity) throws Exception {
    Workload forTarget = w.realCrypto() && t != Wire.V1 ? w.withoutRealCrypto() : w;
    Roster roster = t.v2() ? Roster.tagged(RUN_TAG + RUNS.incrementAndGet()) : Roster.V1;
    return new LoadGenerator(forTarget, identity, servers.address(t), t, roster)
        .serverProcess(servers.process(t)).run(t.label);
  }
}
