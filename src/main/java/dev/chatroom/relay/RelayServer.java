package dev.chatroom.relay;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.store.RelayStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/** A running relay node inside a Vert.x instance (single node or one member of a cluster). */
public final class RelayServer {
  private final Vertx vertx;
  private final RelayNode node;
  private final RelayStats stats;
  private final String deploymentId;

  private RelayServer(Vertx vertx, RelayNode node, RelayStats stats, String deploymentId) {
    this.vertx = vertx;
    this.node = node;
    this.stats = stats;
    this.deploymentId = deploymentId;
  }

  /** Starts a relay node; {@code nodeId} must be unique in the cluster (the cluster node id). */
  public static Future<RelayServer> start(Vertx vertx, RelayConfig config, String nodeId) {
    RelayStats stats = new RelayStats();
    RelayNode node = new RelayNode(config, stats, nodeId);
    return vertx.deployVerticle(node).map(id -> new RelayServer(vertx, node, stats, id));
  }

  /** A single node whose clock ({@link System#nanoTime} style) the caller moves: for tests. */
  static Future<RelayServer> start(Vertx vertx, RelayConfig config, LongSupplier clock) {
    return start(vertx, config, clock, UnaryOperator.identity());
  }

  /** A single node whose store the caller wraps, to hold one of its answers back: for tests. */
  static Future<RelayServer> start(Vertx vertx, RelayConfig config, UnaryOperator<RelayStore> storeSeam) {
    return start(vertx, config, System::nanoTime, storeSeam);
  }

  private static Future<RelayServer> start(Vertx vertx, RelayConfig config, LongSupplier clock,
      UnaryOperator<RelayStore> storeSeam) {
    RelayStats stats = new RelayStats();
    RelayNode node = new RelayNode(config, stats, UUID.randomUUID().toString(), clock, storeSeam);
    return vertx.deployVerticle(node).map(id -> new RelayServer(vertx, node, stats, id));
  }

  /** Starts a single, unclustered node. */
  public static Future<RelayServer> start(Vertx vertx, RelayConfig config) {
    return start(vertx, config, UUID.randomUUID().toString());
  }

  public int port() { return node.port(); }

  public RelayStats stats() { return stats; }

  /** Whether the client port accepts connections (for the health check). */
  public boolean listening() { return node.listening(); }

  /** Completes once the node's event loop has run a task (for the health check). */
  public Future<Void> ping() { return node.ping(); }

  /** The bytes queued for all clients together, as the output budget counts them. */
  Future<Long> outputQueuedBytes() { return node.outputQueuedBytes(); }

  /** Reads the node's version 2 state on its event loop (for tests of what a session keeps). */
  <T> Future<T> inspectV2(java.util.function.Function<V2Relay, T> read) {
    return node.onLoop(() -> read.apply(node.v2()));
  }

  /** The node's version 2 store, for tests that write behind the relay's back (a lost batch). */
  RelayStore store() { return node.v2().store(); }

  /** Closes every client connection (members hear {@code left}) and stops listening. */
  public Future<Void> stop() { return vertx.undeploy(deploymentId); }

  /**
   * Checks this node's view of the members against the cluster-wide claims, given the node ids
   * now in the cluster; {@code announceLocals} after a split-brain merge.
   */
  public void reconcile(Set<String> liveNodes, boolean announceLocals) {
    node.reconcile(liveNodes, announceLocals);
  }

  /** Tells this node that a cluster member is gone, so its members are reported left. */
  public void nodeLeft(String lostNodeId) {
    node.onNodeLeft(lostNodeId);
  }
}
