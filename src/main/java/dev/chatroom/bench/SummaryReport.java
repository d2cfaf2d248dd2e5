package dev.chatroom.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints interleaved rounds: one row per target and room size, medians [min-max]. */
final class SummaryReport {
  private SummaryReport() {}

  static void table(PrintWriter out, Workload w, int rounds, List<Summary> rows) {
    out.printf(Locale.ROOT, "%d round(s), %s, payload %d B, warmup %ds, measured %ds, senders %d, load average %s%n",
        rounds, w.saturate() ? "saturated" : fmt(w.ratePerSecond()) + " msgs/s", w.payloadBytes(),
        w.warmup().toSeconds(), w.duration().toSeconds(), w.senders(), loadAverage());
    out.printf(Locale.ROOT, "%-11s %5s %7s %28s %24s %10s %10s %10s %6s %4s %4s %4s%n", "target", "room", "frame B",
        "delivered/s median [min-max]", "p99 us median [min-max]", "sent/s", "gen ns/dl", "srv ns/dl",
        "gen cpu", "lost", "dup", "err");
    for (Summary s : rows) {
      Summary.Spread d = s.delivered();
      Summary.Spread p = s.p99();
      out.printf(Locale.ROOT, "%-11s %5d %7d %,10.0f [%,7.0f-%,7.0f] %,8.0f [%,6.0f-%,6.0f] %,10.0f %10.0f %10.0f %6.2f %4d %4d %4d%n",
          s.target(), s.roomSize(), s.lineBytes(), d.median(), d.min(), d.max(), p.median(), p.min(), p.max(),
          s.sentPerSecond().median(), s.generatorNanosPerDelivery().median(), s.serverNanosPerDelivery().median(),
          s.generatorCores().median(), s.lost(), s.duplicated(), s.errors());
      if (s.firstError() != null) {
        out.println("  " + s.target() + " first error: " + s.firstError());
      }
    }
    ratios(out, rows);
    out.flush();
  }

  private static void ratios(PrintWriter out, List<Summary> rows) {
    Summary v1 = find(rows, "v1");
    Summary v2 = find(rows, "v2");
    Summary fwd = find(rows, "forwarder");
    Summary redis = find(rows, "redis");
    Summary sink = find(rows, "sink");
    if (v1 != null && fwd != null) {
      out.printf(Locale.ROOT, "v1 / forwarder: delivered %.2fx, p99 %.2fx%n",
          BenchReport.ratio(v1.delivered().median(), fwd.delivered().median()),
          BenchReport.ratio(v1.p99().median(), fwd.p99().median()));
    }
    if (v2 != null && redis != null) {
      out.printf(Locale.ROOT, "v2 / redis: delivered %.2fx, p99 %.2fx%n",
          BenchReport.ratio(v2.delivered().median(), redis.delivered().median()),
          BenchReport.ratio(v2.p99().median(), redis.p99().median()));
    }
    if (v2 != null && v1 != null) {
      out.printf(Locale.ROOT, "v2 / v1: delivered %.2fx%n", BenchReport.ratio(v2.delivered().median(), v1.delivered().median()));
    }
    if (sink != null && fwd != null) {
      double equivalent = sink.sentPerSecond().median() * (sink.roomSize() - 1);
      out.printf(Locale.ROOT, "sink: the generator alone sends %,.0f msgs/s = %,.0f deliveries/s if fanned out, "
          + "%.2fx the forwarder's%n", sink.sentPerSecond().median(), equivalent,
          BenchReport.ratio(equivalent, fwd.delivered().median()));
    }
  }

  static Summary find(List<Summary> rows, String target) {
    return rows.stream().filter(s -> s.target().equals(target)).findFirst().orElse(null);
  }

  static JsonArray json(List<Summary> rows) {
    JsonArray a = new JsonArray();
    for (Summary s : rows) {
      a.add(new JsonObject().put("target", s.target()).put("room_size", s.roomSize())
          .put("frame_bytes", s.lineBytes()).put("rounds", s.rounds().size())
          .put("delivered_per_s", spread(s.delivered())).put("p99_us", spread(s.p99()))
          .put("sent_per_s", spread(s.sentPerSecond())).put("acks_per_s", spread(s.acksPerSecond()))
          .put("generator_ns_per_delivery", spread(s.generatorNanosPerDelivery()))
          .put("server_ns_per_delivery", spread(s.serverNanosPerDelivery()))
          .put("generator_cores", spread(s.generatorCores()))
          .put("sent", s.sent()).put("acks", s.acks()).put("lost", s.lost())
          .put("duplicated", s.duplicated()).put("errors", s.errors())
          .put("problems", problems(s)));
    }
    return a;
  }

  /** Each round that was not clean, in words ("round 3: lost 856, disconnects 1 (first error: ...)"). */
  private static JsonArray problems(Summary s) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < s.rounds().size(); i++) {
      BenchResult r = s.rounds().get(i);
      if (!r.clean()) {
        out.add("round " + (i + 1) + ": " + r.problem());
      }
    }
    return out;
  }

  private static JsonObject spread(Summary.Spread s) {
    return new JsonObject().put("median", round(s.median())).put("min", round(s.min())).put("max", round(s.max()));
  }

  private static double round(double v) { return Math.round(v * 100) / 100.0; }

  static String loadAverage() {
    double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return String.format(Locale.ROOT, "%.2f", l);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
