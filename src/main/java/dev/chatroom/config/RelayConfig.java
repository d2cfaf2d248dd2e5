package dev.chatroom.config;

import java.time.Duration;
import java.util.List;

/**
 * Every relay setting, already validated. Loaded from conf/relay.json, CHATROOM_* environment
 * variables, chatroom.* system properties and flags (see {@link RelayConfigLoader});
 * {@link #defaults()} is the embedded single-node default, and conf/relay.json repeats it.
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
  public record Cluster(boolean enabled, String host, int port, List<String> members, String configFile,
      ClusterTls tls) {
    public Cluster {
      members = List.copyOf(members);
      tls = tls == null ? ClusterTls.NONE : tls;
    }

    /** A cluster whose event bus is plain TCP. */
    public Cluster(boolean enabled, String host, int port, List<String> members, String configFile) {
      this(enabled, host, port, members, configFile, ClusterTls.NONE);
    }

    public Cluster withTls(ClusterTls newTls) {
      return new Cluster(enabled, host, port, members, configFile, newTls);
    }
  }

  /**
   * Mutual TLS on the clustered event bus: this node's PEM certificate and key, and the cluster
   * CA that every node's certificate must chain to. All null means plain TCP between nodes.
   */
  public record ClusterTls(String certFile, String keyFile, String caFile) {
    public static final ClusterTls NONE = new ClusterTls(null, null, null);

    public boolean enabled() { return certFile != null; }
  }

  public static RelayConfig defaults() {
    return new RelayConfig("127.0.0.1", 7878, 1024 * 1024, 10_000, 50, 200, 10,
        Duration.ofSeconds(10), Duration.ofSeconds(90), 8 * 1024 * 1024,
        new Tls(null, null), new Admin("127.0.0.1", 0),
        new Cluster(false, "127.0.0.1", 5701, List.of(), null), "text");
  }

  public RelayConfig withPort(int newPort) {
    return toBuilder().port(newPort).build();
  }

  /** A builder starting from {@link #defaults()}, e.g. {@code builder().port(0).build()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Copies a config one setting at a time; checks nothing, so tests can build any config. */
  public static final class Builder {
    private String host;
    private int port;
    private int maxFrameBytes;
    private int maxConnections;
    private double ratePerSecond;
    private int rateBurst;
    private int badFrameLimit;
    private Duration badFrameWindow;
    private Duration idleTimeout;
    private int maxWriteQueueBytes;
    private Tls tls;
    private Admin admin;
    private Cluster cluster;
    private String logFormat;

    private Builder(RelayConfig c) {
      host = c.host;
      port = c.port;
      maxFrameBytes = c.maxFrameBytes;
      maxConnections = c.maxConnections;
      ratePerSecond = c.ratePerSecond;
      rateBurst = c.rateBurst;
      badFrameLimit = c.badFrameLimit;
      badFrameWindow = c.badFrameWindow;
      idleTimeout = c.idleTimeout;
      maxWriteQueueBytes = c.maxWriteQueueBytes;
      tls = c.tls;
      admin = c.admin;
      cluster = c.cluster;
      logFormat = c.logFormat;
    }

    public Builder host(String v) { host = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder maxFrameBytes(int v) { maxFrameBytes = v; return this; }
    public Builder maxConnections(int v) { maxConnections = v; return this; }
    public Builder ratePerSecond(double v) { ratePerSecond = v; return this; }
    public Builder rateBurst(int v) { rateBurst = v; return this; }
    public Builder badFrameLimit(int v) { badFrameLimit = v; return this; }
    public Builder badFrameWindow(Duration v) { badFrameWindow = v; return this; }
    public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
    public Builder maxWriteQueueBytes(int v) { maxWriteQueueBytes = v; return this; }
    public Builder tls(Tls v) { tls = v; return this; }
    public Builder tls(String certFile, String keyFile) { return tls(new Tls(certFile, keyFile)); }
    public Builder admin(Admin v) { admin = v; return this; }
    public Builder adminPort(int v) { return admin(new Admin(admin.host(), v)); }
    public Builder cluster(Cluster v) { cluster = v; return this; }
    public Builder logFormat(String v) { logFormat = v; return this; }

    public RelayConfig build() {
      return new RelayConfig(host, port, maxFrameBytes, maxConnections, ratePerSecond, rateBurst,
          badFrameLimit, badFrameWindow, idleTimeout, maxWriteQueueBytes, tls, admin, cluster, logFormat);
    }
  }
}
