package dev.chatroom.config;

import java.time.Duration;
import java.util.List;

/**
 * Every relay setting, already validated. Loaded from conf/relay.json, CHATROOM_* environment
 * variables and flags (see {@link RelayConfigLoader}); {@link #defaults()} is the embedded
 * single-node default.
 */
public record RelayConfig(
    String host,
    int port,
    int maxFrameBytes,
    int maxConnections,
    double ratePerSecond,
    int rateBurst,
    int badFrameLimit,
    Duration badFrameWindow,
    Duration idleTimeout,
    int maxWriteQueueBytes,
    Tls tls,
    Admin admin,
    Cluster cluster,
    String logFormat) {

  /** TLS on the client port; null cert means plain TCP. */
  public record Tls(String certFile, String keyFile) {
    public boolean enabled() { return certFile != null; }
  }

  /** Admin HTTP (health, metrics); port 0 or below means off. */
  public record Admin(String host, int port) {
    public boolean enabled() { return port > 0; }
  }

  /** Hazelcast cluster membership; {@code enabled=false} runs a single node. */
  public record Cluster(boolean enabled, String host, int port, List<String> members, String configFile) {
    public Cluster { members = List.copyOf(members); }
  }

  public static RelayConfig defaults() {
    return new RelayConfig("127.0.0.1", 7878, 1024 * 1024, 10_000, 50, 200, 10,
        Duration.ofSeconds(10), Duration.ofSeconds(90), 8 * 1024 * 1024,
        new Tls(null, null), new Admin("127.0.0.1", 0),
        new Cluster(false, "127.0.0.1", 5701, List.of(), null), "text");
  }

  public RelayConfig withPort(int newPort) {
    return new RelayConfig(host, newPort, maxFrameBytes, maxConnections, ratePerSecond, rateBurst,
        badFrameLimit, badFrameWindow, idleTimeout, maxWriteQueueBytes, tls, admin, cluster, logFormat);
  }
}
