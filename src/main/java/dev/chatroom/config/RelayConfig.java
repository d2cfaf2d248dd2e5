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
    int preJoinMaxFrameBytes,
    Duration joinTimeout,
    int maxConnectionsPerAddress,
    double connectRatePerSecond,
    int connectRateBurst,
    long outputBudgetBytes,
    Tls tls,
    Admin admin,
    Cluster cluster,
    String logFormat,
    Stored stored) {

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

  /**
   * Version 2's persistent state (PROTOCOL.md sections 9-11): where it lives ({@code store},
   * {@code sqlite:PATH} or {@code postgresql://...}) and how long and how much of it is kept.
   */
  public record Stored(String store, int registrationExpiryDays, int memberExpiryDays,
                       int maxRoomsPerMember, int maxRoomMembers, int historyMaxFramesPerRoom,
                       int historyMaxAgeDays) {
    public static final String DEFAULT_STORE = "sqlite:data/chatroom.db";

    public Stored withStore(String newStore) {
      return new Stored(newStore, registrationExpiryDays, memberExpiryDays, maxRoomsPerMember,
          maxRoomMembers, historyMaxFramesPerRoom, historyMaxAgeDays);
    }
  }

  /** {@link #outputBudgetBytes} value that means "a quarter of the maximum heap". */
  public static final long OUTPUT_BUDGET_AUTO = 0;

  public static RelayConfig defaults() {
    return new RelayConfig("127.0.0.1", 7878, 1024 * 1024, 10_000, 50, 200, 10,
        Duration.ofSeconds(10), Duration.ofSeconds(90), 8 * 1024 * 1024,
        64 * 1024, Duration.ofSeconds(10), 32, 20, 40, OUTPUT_BUDGET_AUTO,
        new Tls(null, null), new Admin("127.0.0.1", 0),
        new Cluster(false, "127.0.0.1", 5701, List.of(), null), "text",
        new Stored(Stored.DEFAULT_STORE, 365, 90, 100, 10_000, 10_000, 30));
  }

  /**
   * The bound on all client write queues of a node together, in bytes: the configured one, or a
   * quarter of this JVM's maximum heap.
   */
  public long effectiveOutputBudgetBytes() {
    return outputBudgetBytes > 0 ? outputBudgetBytes : Runtime.getRuntime().maxMemory() / 4;
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
    private int preJoinMaxFrameBytes;
    private Duration joinTimeout;
    private int maxConnectionsPerAddress;
    private double connectRatePerSecond;
    private int connectRateBurst;
    private long outputBudgetBytes;
    private Tls tls;
    private Admin admin;
    private Cluster cluster;
    private String logFormat;
    private Stored stored;

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
      preJoinMaxFrameBytes = c.preJoinMaxFrameBytes;
      joinTimeout = c.joinTimeout;
      maxConnectionsPerAddress = c.maxConnectionsPerAddress;
      connectRatePerSecond = c.connectRatePerSecond;
      connectRateBurst = c.connectRateBurst;
      outputBudgetBytes = c.outputBudgetBytes;
      tls = c.tls;
      admin = c.admin;
      cluster = c.cluster;
      logFormat = c.logFormat;
      stored = c.stored;
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
    public Builder preJoinMaxFrameBytes(int v) { preJoinMaxFrameBytes = v; return this; }
    public Builder joinTimeout(Duration v) { joinTimeout = v; return this; }
    public Builder maxConnectionsPerAddress(int v) { maxConnectionsPerAddress = v; return this; }
    public Builder connectRatePerSecond(double v) { connectRatePerSecond = v; return this; }
    public Builder connectRateBurst(int v) { connectRateBurst = v; return this; }
    public Builder outputBudgetBytes(long v) { outputBudgetBytes = v; return this; }
    public Builder tls(Tls v) { tls = v; return this; }
    public Builder tls(String certFile, String keyFile) { return tls(new Tls(certFile, keyFile)); }
    public Builder admin(Admin v) { admin = v; return this; }
    public Builder adminPort(int v) { return admin(new Admin(admin.host(), v)); }
    public Builder cluster(Cluster v) { cluster = v; return this; }
    public Builder logFormat(String v) { logFormat = v; return this; }
    public Builder stored(Stored v) { stored = v; return this; }
    public Builder store(String v) { return stored(stored.withStore(v)); }

    public RelayConfig build() {
      return new RelayConfig(host, port, maxFrameBytes, maxConnections, ratePerSecond, rateBurst,
          badFrameLimit, badFrameWindow, idleTimeout, maxWriteQueueBytes, preJoinMaxFrameBytes, joinTimeout,
          maxConnectionsPerAddress, connectRatePerSecond, connectRateBurst, outputBudgetBytes, tls, admin,
          cluster, logFormat, stored);
    }
  }
}
