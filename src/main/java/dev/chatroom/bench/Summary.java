package dev.chatroom.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** One target's rounds at one room size: medians with min and max beside them. */
record Summary(String target, int roomSize, int lineBytes, List<BenchResult> rounds) {
  record Spread(double median, double min, double max) {}

  Spread delivered() { return spread(BenchResult::deliveredPerSecond); }

  Spread p99() { return spread(BenchResult::p99Micros); }

  Spread sentPerSecond() { return spread(r -> r.costs().sentPerSecond()); }

  Spread acksPerSecond() { return spread(r -> r.costs().acksPerSecond()); }

  Spread generatorNanosPerDelivery() { return spread(BenchResult::generatorNanosPerDelivery); }

  Spread serverNanosPerDelivery() { return spread(BenchResult::serverNanosPerDelivery); }

  /** Generator CPU in cores (CPU seconds per second of the window). */
  Spread generatorCores() {
    return spread(r -> r.costs().generatorCpuSeconds() / (r.workload().duration().toNanos() / 1e9));
  }

  boolean clean() { return rounds.stream().allMatch(BenchResult::clean); }

  long lost() { return rounds.stream().mapToLong(BenchResult::lost).sum(); }

  long duplicated() { return rounds.stream().mapToLong(BenchResult::duplicated).sum(); }

  long errors() { return rounds.stream().mapToLong(r -> r.errors() + r.disconnects() + r.openFailures()).sum(); }

  long acks() { return rounds.stream().mapToLong(BenchResult::acks).sum(); }

  long sent() { return rounds.stream().mapToLong(BenchResult::sent).sum(); }

  String firstError() {
    return rounds.stream().map(BenchResult::firstError).filter(e -> e != null).findFirst().orElse(null);
  }

  private Spread spread(ToDoubleFunction<BenchResult> f) {
    List<Double> values = new ArrayList<>();
    rounds.forEach(r -> values.add(f.applyAsDouble(r)));
    return of(values);
  }

  static Spread of(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    if (v.length == 0) {
      return new Spread(0, 0, 0);
    }
    Arrays.sort(v);
    double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    return new Spread(median, v[0], v[v.length - 1]);
  }
}
