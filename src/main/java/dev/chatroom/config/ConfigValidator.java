package dev.chatroom.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Turns the merged JSON into a {@link RelayConfig}, refusing each bad value with one sentence. */
final class ConfigValidator {
  static final int KIB = 1024;
  static final int MIB = 1024 * KIB;

  private final JsonObject merged;
  /** Setting path to "from conf/relay.json", "from environment variable CHATROOM_PORT", ... */
  private final Function<String, String> originOf;

  ConfigValidator(JsonObject merged, Function<String, String> originOf) {
    this.merged = merged;
    this.originOf = originOf;
  }

  RelayConfig validate() throws ConfigException {
    group("tls");
    group("admin");
    group("cluster");
    group("history");
    int maxFrameBytes = (int) whole("max_frame_bytes", KIB, 64 * MIB,
        "a whole number of bytes from 1024 (1 KiB) to 67108864 (64 MiB)");
    var b = RelayConfig.builder()
        .host(text("host", "a host name or IP address to listen on"))
        .port((int) whole("port", 0, 65535, "a whole number from 0 to 65535 (0 picks a free port)"))
        .maxFrameBytes(maxFrameBytes)
        .maxConnections((int) whole("max_connections", 1, Integer.MAX_VALUE, "a whole number of at least 1"))
        .ratePerSecond(positive("rate_per_second", "a number of frames per second greater than 0"))
        .rateBurst((int) whole("rate_burst", 1, Integer.MAX_VALUE, "a whole number of at least 1"))
        .badFrameLimit((int) whole("bad_frame_limit", 1, Integer.MAX_VALUE, "a whole number of at least 1"))
        .badFrameWindow(seconds("bad_frame_window_seconds"))
        .idleTimeout(seconds("idle_timeout_seconds"))
        .maxWriteQueueBytes((int) whole("max_write_queue_bytes", 64 * KIB, Integer.MAX_VALUE,
            "a whole number of bytes of at least 65536 (64 KiB)"))
        .preJoinMaxFrameBytes((int) whole("pre_join_max_frame_bytes", KIB, maxFrameBytes,
            "a whole number of bytes from 1024 (1 KiB) to max_frame_bytes (" + maxFrameBytes + ")"))
        .joinTimeout(seconds("join_timeout_seconds"))
        .maxConnectionsPerAddress((int) whole("max_connections_per_address", 1, Integer.MAX_VALUE,
            "a whole number of at least 1"))
        .connectRatePerSecond(positive("connect_rate_per_second", "a number of connections per second greater than 0"))
        .connectRateBurst((int) whole("connect_rate_burst", 1, Integer.MAX_VALUE, "a whole number of at least 1"))
        .outputBudgetBytes(outputBudget())
        .tls(tls())
        .admin(new RelayConfig.Admin(text("admin.host", "a host name or IP address to listen on"),
            (int) whole("admin.port", -1, 65535, "a whole number from -1 to 65535 (0 or -1 turns it off)")))
        .cluster(cluster())
        .logFormat(logFormat())
        .stored(stored());
    return b.build();
  }

  /** 0 means a quarter of the heap; below 1 MiB the budget would cut readers on ordinary traffic. */
  private long outputBudget() throws ConfigException {
    String allowed = "0 (a quarter of the maximum heap) or a whole number of bytes of at least 1048576 (1 MiB)";
    long budget = whole("output_budget_bytes", 0, Long.MAX_VALUE, allowed);
    if (budget != RelayConfig.OUTPUT_BUDGET_AUTO && budget < MIB) {
      throw bad("output_budget_bytes", allowed, value("output_budget_bytes"));
    }
    return budget;
  }

  private RelayConfig.Stored stored() throws ConfigException {
    String store = text("store", "sqlite:PATH or postgresql://user@host:port/db");
    try {
      dev.chatroom.store.StoreLocation.parse(store);
    } catch (dev.chatroom.store.StoreException e) {
      throw bad("store", "sqlite:PATH or postgresql://user@host:port/db",
          dev.chatroom.store.StoreLocation.redact(store));
    }
    String days = "a whole number of days of at least 1";
    return new RelayConfig.Stored(store,
        (int) whole("registration_expiry_days", 1, 100_000, days),
        (int) whole("member_expiry_days", 1, 100_000, days),
        (int) whole("max_rooms_per_member", 1, 100_000, "a whole number of at least 1"),
        (int) whole("max_room_members", 2, 1_000_000, "a whole number of at least 2"),
        (int) whole("history.max_frames_per_room", 1, Integer.MAX_VALUE, "a whole number of at least 1"),
        (int) whole("history.max_age_days", 1, 100_000, days));
  }

  private RelayConfig.Tls tls() throws ConfigException {
    String cert = optionalText("tls.cert");
    String key = optionalText("tls.key");
    if ((cert == null) != (key == null)) {
      String set = cert != null ? "tls.cert" : "tls.key";
      String unset = cert != null ? "tls.key" : "tls.cert";
      throw new ConfigException("tls.cert and tls.key must be set together, but only " + set + " is set ("
          + originOf.apply(set) + "), so " + unset + " is missing.");
    }
    if (cert != null) {
      readable("tls.cert", cert);
      readable("tls.key", key);
    }
    return new RelayConfig.Tls(cert, key);
  }

  private RelayConfig.Cluster cluster() throws ConfigException {
    boolean enabled = bool("cluster.enabled");
    String host = text("cluster.host", "a host name or IP address for cluster traffic");
    int port = (int) whole("cluster.port", 1, 65535, "a whole number from 1 to 65535");
    List<String> members = members();
    String configFile = optionalText("cluster.config");
    if (configFile != null) readable("cluster.config", configFile);
    return new RelayConfig.Cluster(enabled, host, port, members, configFile, clusterTls());
  }

  // cluster event-bus TLS: all three files or none
  private static final List<String> CLUSTER_TLS = List.of("cluster.tls_cert", "cluster.tls_key", "cluster.tls_ca");

  private RelayConfig.ClusterTls clusterTls() throws ConfigException {
    List<String> files = new ArrayList<>();
    List<String> set = new ArrayList<>();
    for (String path : CLUSTER_TLS) {
      String file = optionalText(path);
      files.add(file);
      if (file != null) set.add(path);
    }
    if (set.isEmpty()) return RelayConfig.ClusterTls.NONE;
    if (set.size() < CLUSTER_TLS.size()) {
      List<String> missing = CLUSTER_TLS.stream().filter(p -> !set.contains(p)).toList();
      throw new ConfigException("cluster.tls_cert, cluster.tls_key and cluster.tls_ca must be set together, but "
          + String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " missing while "
          + set.get(0) + " is set (" + originOf.apply(set.get(0)) + ").");
    }
    for (int i = 0; i < CLUSTER_TLS.size(); i++) readable(CLUSTER_TLS.get(i), files.get(i));
    return new RelayConfig.ClusterTls(files.get(0), files.get(1), files.get(2));
  }

  private List<String> members() throws ConfigException {
    String path = "cluster.members";
    Object value = value(path);
    if (!(value instanceof JsonArray array)) {
      throw bad(path, "a list of \"host:port\" entries", value);
    }
    List<String> members = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String entry) || !isHostPort(entry.strip())) {
        throw bad(path, "a list of \"host:port\" entries with ports from 1 to 65535", item);
      }
      members.add(entry.strip());
    }
    return members;
  }

  private static boolean isHostPort(String entry) {
    int colon = entry.lastIndexOf(':');
    if (colon <= 0 || colon == entry.length() - 1) return false;
    String host = entry.substring(0, colon);
    if (host.contains(":") && !(host.startsWith("[") && host.endsWith("]"))) return false; // IPv6 needs [brackets]
    try {
      int port = Integer.parseInt(entry.substring(colon + 1));
      return port >= 1 && port <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private String logFormat() throws ConfigException {
    Object value = value("log_format");
    if (value instanceof String s) {
      String format = s.strip().toLowerCase(Locale.ROOT);
      if (format.equals("text") || format.equals("json")) return format;
    }
    throw bad("log_format", "\"text\" or \"json\"", value);
  }

  private void group(String path) throws ConfigException {
    Object value = merged.getValue(path);
    if (value != null && !(value instanceof JsonObject)) {
      throw bad(path, "an object such as { ... }", value);
    }
  }

  private Object value(String path) {
    JsonObject at = merged;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      at = at.getValue(parts[i]) instanceof JsonObject inner ? inner : new JsonObject();
    }
    return at.getValue(parts[parts.length - 1]);
  }

  private String text(String path, String allowed) throws ConfigException {
    Object value = value(path);
    if (value instanceof String s && !s.isBlank()) return s.strip();
    throw bad(path, allowed, value);
  }

  /** Null or blank means unset. */
  private String optionalText(String path) throws ConfigException {
    Object value = value(path);
    if (value == null) return null;
    if (value instanceof String s) return s.isBlank() ? null : s.strip();
    throw bad(path, "a file path or null", value);
  }

  private long whole(String path, long min, long max, String allowed) throws ConfigException {
    Object value = value(path);
    if (value instanceof Number n) {
      BigDecimal exact = new BigDecimal(n.toString());
      if (exact.stripTrailingZeros().scale() <= 0
          && exact.compareTo(BigDecimal.valueOf(min)) >= 0 && exact.compareTo(BigDecimal.valueOf(max)) <= 0) {
        return exact.longValueExact();
      }
    }
    throw bad(path, allowed, value);
  }

  private double positive(String path, String allowed) throws ConfigException {
    Object value = value(path);
    if (value instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() > 0) {
      return n.doubleValue();
    }
    throw bad(path, allowed, value);
  }

  /** Fractional seconds are allowed so tests can use timeouts like 0.3. */
  private Duration seconds(String path) throws ConfigException {
    double s = positive(path, "a number of seconds greater than 0 (fractions such as 0.5 are fine)");
    long nanos = Math.round(s * 1e9);
    if (nanos <= 0) throw bad(path, "a number of seconds of at least 0.000000001", value(path));
    return Duration.ofNanos(nanos);
  }

  private boolean bool(String path) throws ConfigException {
    Object value = value(path);
    if (value instanceof Boolean b) return b;
    throw bad(path, "true or false", value);
  }

  private void readable(String path, String file) throws ConfigException {
    Path p = Path.of(file);
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new ConfigException(path + " (" + originOf.apply(path) + ") must name a readable file, but "
          + quote(file) + " does not exist or cannot be read.");
    }
  }

  private ConfigException bad(String path, String allowed, Object got) {
    return new ConfigException(path + " (" + originOf.apply(path) + ") must be " + allowed
        + ", got " + describe(got) + ".");
  }

  /** How a value is shown in an error: strings quoted so "90" and 90 look different. */
  static String describe(Object value) {
    if (value == null) return "null";
    if (value instanceof String s) return "the text " + quote(s);
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
    }
    if (value instanceof Number || value instanceof Boolean) return value.toString();
    if (value instanceof JsonObject) return "an object";
    if (value instanceof JsonArray array) return "the list " + array.encode();
    return value.toString();
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }
}
