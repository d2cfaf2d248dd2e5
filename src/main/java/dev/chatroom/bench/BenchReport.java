package dev.chatroom.bench;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints results as a table, or as one JSON object on the last line. */
final class BenchReport {
  private BenchReport() {}

  static void table(PrintWriter out, BenchResult ours, BenchResult baseline) {
    Workload w = ours.workload();
    out.printf(Locale.ROOT, "room size %d, %d sender(s), %s, payload %d B (message line %d B), "
            + "warmup %ds, measured %ds%s%n", w.roomSize(), w.senders(),
        w.saturate() ? "saturated (window " + w.window() + ")" : fmt(w.ratePerSecond()) + " msgs/s",
        w.payloadBytes(), ours.lineBytes(), w.warmup().toSeconds(), w.duration().toSeconds(),
        w.realCrypto() ? ", real crypto" : "");
    out.printf(Locale.ROOT, "%-9s %12s %9s %9s %9s %9s %9s %10s %5s %5s %10s %6s%n", "target",
        "delivered/s", "MB/s", "p50 us", "p99 us", "p99.9 us", "max us", "sent", "lost", "dup",
        "acks", "errors");
    row(out, ours);
    if (baseline != null) {
      row(out, baseline);
      out.printf(Locale.ROOT, "ratio relay/baseline: delivered %.2fx, p99 %.2fx%n",
          ratio(ours.deliveredPerSecond(), baseline.deliveredPerSecond()),
          ratio(ours.p99Micros(), baseline.p99Micros()));
    }
    for (BenchResult r : baseline == null ? new BenchResult[] {ours} : new BenchResult[] {ours, baseline}) {
      if (r.firstError() != null) {
        out.println(r.target() + " first error: " + r.firstError());
      }
      if (r.disconnects() > 0 || r.openFailures() > 0 || r.acksWithMissing() > 0) {
        out.printf(Locale.ROOT, "%s: %d disconnects, %d messages failed to open, %d acks with missing%n",
            r.target(), r.disconnects(), r.openFailures(), r.acksWithMissing());
      }
    }
    out.flush();
  }

  /** The cluster run: one node, then senders on A and receivers on B. */
  static void clusterTable(PrintWriter out, BenchResult single, BenchResult cluster) {
    table(out, single, null);
    row(out, cluster);
    out.printf(Locale.ROOT, "cluster ratio (senders on A, receivers on B, over one node): delivered %.2fx, p99 %.2fx%n",
        ratio(cluster.deliveredPerSecond(), single.deliveredPerSecond()),
        ratio(cluster.p99Micros(), single.p99Micros()));
    if (cluster.firstError() != null) {
      out.println("cluster first error: " + cluster.firstError());
    }
    out.flush();
  }

  static JsonObject clusterJson(BenchResult single, BenchResult cluster) {
    JsonObject j = json(single, null);
    for (String key : List.copyOf(j.fieldNames())) {
      if (key.endsWith("_us") || key.endsWith("_per_s") || key.equals("sent") || key.equals("lost")
          || key.equals("duplicated") || key.equals("errors") || key.equals("disconnects")
          || key.equals("acks") || key.equals("acks_with_missing") || key.equals("open_failures")
          || key.equals("first_error")) {
        j.put("single_" + key, j.remove(key));
      }
    }
    put(j, "cluster_", cluster);
    j.put("cluster_acks", cluster.acks());
    j.put("cluster_ratio", round(ratio(cluster.deliveredPerSecond(), single.deliveredPerSecond())));
    j.put("cluster_p99_ratio", round(ratio(cluster.p99Micros(), single.p99Micros())));
    return j;
  }

  private static void row(PrintWriter out, BenchResult r) {
    out.printf(Locale.ROOT, "%-9s %12.0f %9.1f %9.0f %9.0f %9.0f %9.0f %10d %5d %5d %10d %6d%n",
        r.target(), r.deliveredPerSecond(), r.megabytesPerSecond(), r.p50Micros(), r.p99Micros(),
        r.p999Micros(), r.maxMicros(), r.sent(), r.lost(), r.duplicated(), r.acks(), r.errors());
  }

  static JsonObject json(BenchResult ours, BenchResult baseline) {
    Workload w = ours.workload();
    JsonObject j = new JsonObject()
        .put("room_size", w.roomSize()).put("senders", w.senders())
        .put("rate", w.saturate() ? "saturate" : w.ratePerSecond())
        .put("payload_bytes", w.payloadBytes()).put("line_bytes", ours.lineBytes())
        .put("real_crypto", w.realCrypto())
        .put("warmup_s", w.warmup().toSeconds()).put("duration_s", w.duration().toSeconds());
    put(j, "", ours);
    if (baseline != null) {
      put(j, "baseline_", baseline);
      j.put("ratio", round(ratio(ours.deliveredPerSecond(), baseline.deliveredPerSecond())));
      j.put("p99_ratio", round(ratio(ours.p99Micros(), baseline.p99Micros())));
    }
    return j;
  }

  private static void put(JsonObject j, String prefix, BenchResult r) {
    j.put(prefix + "delivered_per_s", Math.round(r.deliveredPerSecond()))
        .put(prefix + "mb_per_s", round(r.megabytesPerSecond()))
        .put(prefix + "p50_us", round(r.p50Micros())).put(prefix + "p99_us", round(r.p99Micros()))
        .put(prefix + "p999_us", round(r.p999Micros())).put(prefix + "max_us", round(r.maxMicros()))
        .put(prefix + "sent", r.sent()).put(prefix + "lost", r.lost())
        .put(prefix + "duplicated", r.duplicated()).put(prefix + "errors", r.errors())
        .put(prefix + "disconnects", r.disconnects());
    if (prefix.isEmpty()) {
      j.put("acks", r.acks()).put("acks_with_missing", r.acksWithMissing())
          .put("open_failures", r.openFailures());
    }
    if (r.firstError() != null) {
      j.put(prefix + "first_error", r.firstError());
    }
  }

  static double ratio(double a, double b) { return b == 0 ? 0 : a / b; }

  private static double round(double v) { return Math.round(v * 100) / 100.0; }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
