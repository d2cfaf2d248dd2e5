package dev.chatroom.relay;

import dev.chatroom.config.RelayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.concurrent.TimeUnit;

/** Everything one relay process runs: its Vert.x instance (clustered or not) and the relay node on it. */
public final class RelayRuntime {
  private final Vertx vertx;
  private final RelayServer relay;
  private final ClusterWatch watch;

  private RelayRuntime(Vertx vertx, RelayServer relay, ClusterWatch watch) {
    this.vertx = vertx;
    this.relay = relay;
    this.watch = watch;
  }

  /** Starts a node, joining the cluster first when it is enabled; blocks until it listens. */
  public static RelayRuntime start(RelayConfig config) throws Exception {
    if (config.cluster().enabled()) {
      return startClustered(config);
    }
    Vertx vertx = Vertx.vertx();
    try {
      RelayServer relay = await(RelayServer.start(vertx, config), 30);
      return new RelayRuntime(vertx, relay, null);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  private static RelayRuntime startClustered(RelayConfig config) throws Exception {
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSetup.build(config.cluster()));
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost(config.cluster().host());
    Vertx vertx;
    try {
      vertx = await(Vertx.builder().with(options).withClusterManager(manager).buildClustered(), 120);
    } catch (Exception e) {
      throw new Exception("could not join the cluster on " + config.cluster().host() + ":"
          + config.cluster().port() + ": " + e.getMessage(), e);
    }
    try {
      RelayServer relay = await(RelayServer.start(vertx, config, manager.getNodeId()), 30);
      ClusterWatch watch = new ClusterWatch(vertx, manager, relay);
      watch.start();
      return new RelayRuntime(vertx, relay, watch);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  public RelayServer relay() { return relay; }

  public Vertx vertx() { return vertx; }

  /**
   * Closes every client (members hear left), waits until the other nodes have what this one
   * sent, then leaves the cluster; gives up after {@code seconds}.
   */
  public void stop(int seconds) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    try {
      await(relay.stop(), seconds);
    } catch (Exception e) {
      // closing Vert.x below ends whatever did not stop in time
    }
    if (watch != null) {
      watch.stop();
    }
    try {
      await(vertx.close(), (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L));
    } catch (Exception e) {
      // the process is ending anyway; nothing more to release
    }
  }

  static <T> T await(Future<T> future, int seconds) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
