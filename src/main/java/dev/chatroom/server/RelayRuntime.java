package dev.chatroom.server;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.ops.AdminServer;
import dev.chatroom.ops.Observability;
import dev.chatroom.relay.ClusterTrust;
import dev.chatroom.relay.ClusterWatch;
import dev.chatroom.relay.HazelcastSetup;
import dev.chatroom.relay.RelayServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one relay process runs: its Vert.x instance (clustered or not, with metrics), the
 * relay node on it and, when configured, the admin HTTP server.
 */
public final class RelayRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(RelayRuntime.class);
  private final Vertx vertx;
  private final RelayServer relay;
  private final ClusterWatch watch; // null on a single node
  private AdminServer admin; // null when the admin port is off

  private RelayRuntime(Vertx vertx, RelayServer relay, ClusterWatch watch) {
    this.vertx = vertx;
    this.relay = relay;
    this.watch = watch;
  }

  /** Starts a node, joining the cluster first when it is enabled; blocks until it listens. */
  public static RelayRuntime start(RelayConfig config) throws Exception {
    Observability observability = new Observability();
    HazelcastClusterManager manager = null;
    Vertx vertx;
    if (config.cluster().enabled()) {
      manager = new HazelcastClusterManager(HazelcastSetup.build(config.cluster()));
      VertxOptions options = new VertxOptions();
      eventBus(options.getEventBusOptions(), config.cluster());
      try {
        vertx = await(observability.vertxBuilder(options).withClusterManager(manager).buildClustered(), 120);
      } catch (Exception e) {
        throw new Exception("could not join the cluster on " + config.cluster().host() + ":"
            + config.cluster().port() + ": " + e.getMessage(), e);
      }
    } else {
      vertx = observability.vertxBuilder().build();
    }
    try {
      String nodeId = manager != null ? manager.getNodeId() : UUID.randomUUID().toString();
      ClusterTrust trust = null;
      if (manager != null) {
        trust = new ClusterTrust(vertx, nodeId, config.cluster().tls().enabled());
        await(trust.start(), 30);
        // before the relay reads the claims map, learn which nodes hold the cluster certificate
        await(trust.verifyAll(manager.getNodes()), (int) (ClusterTrust.PROOF_TIMEOUT_MS / 1000) + 5);
        await(trust.purgeUntrustedClaims(), 30);
      }
      RelayServer relay = await(RelayServer.start(vertx, config, nodeId), 30);
      ClusterWatch watch = null;
      if (manager != null) {
        watch = new ClusterWatch(vertx, manager, relay, trust);
        watch.start();
      }
      RelayRuntime runtime = new RelayRuntime(vertx, relay, watch);
      runtime.startAdmin(config, observability);
      return runtime;
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  /** The event bus between nodes: mutual TLS under the cluster CA when configured. */
  private static void eventBus(EventBusOptions bus, RelayConfig.Cluster cluster) {
    bus.setHost(cluster.host());
    RelayConfig.ClusterTls tls = cluster.tls();
    if (!tls.enabled()) {
      LOG.warn("the cluster event bus is plain TCP: any host that reaches it can read and inject frames;"
          + " set cluster.tls_cert, cluster.tls_key and cluster.tls_ca (see chatroom cluster-ca, docs/CLUSTER.md)");
      return;
    }
    bus.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certFile()).setKeyPath(tls.keyFile()))
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.caFile()))
        .setClientAuth(ClientAuth.REQUIRED) // a node must show a certificate from the CA, not only check one
        .setTrustAll(false)
        .setEnabledSecureTransportProtocols(java.util.Set.of("TLSv1.3")); // both ends are ours: no older versions
  }

  private void startAdmin(RelayConfig config, Observability observability) throws Exception {
    if (config.admin().enabled()) {
      try {
        admin = await(AdminServer.start(vertx, config.admin(), relay, observability.registry()), 30);
      } catch (java.net.BindException e) {
        throw new Exception("cannot listen for admin HTTP on " + config.admin().host() + ":"
            + config.admin().port() + ": " + e.getMessage(), e);
      }
    }
  }

  public RelayServer relay() { return relay; }

  /** The admin HTTP server, or null when no admin port is set. */
  public AdminServer admin() { return admin; }

  public Vertx vertx() { return vertx; }

  /**
   * Closes every client (members hear left), waits until the other nodes have what this one
   * sent, then leaves the cluster; gives up after {@code seconds}.
   */
  public void stop(int seconds) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    if (admin != null) {
      admin.drain(); // /ready turns 503 while clients are closed; vertx.close() ends the server
    }
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
