package dev.chatroom.ops;

import dev.chatroom.relay.RelayServer;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.util.function.BooleanSupplier;

/** The checks behind /health and /ready; each names what failed in the JSON answer. */
final class RelayHealth {
  static final String CLIENT_PORT = "client-port";
  static final String EVENT_LOOP = "event-loop";
  static final String CLUSTER = "cluster";
  static final String ACCEPTING = "accepting";
  private static final long EVENT_LOOP_TIMEOUT_MS = 1000;

  private RelayHealth() {}

  /** Liveness: the client port listens, the relay's event loop answers, the node is in its cluster. */
  static HealthChecks liveness(Vertx vertx, RelayServer relay) {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register(CLIENT_PORT, promise -> promise.complete(relay.listening()
        ? Status.OK(new JsonObject().put("port", relay.port()))
        : Status.KO(new JsonObject().put("reason", "the client port is closed"))));
    // A blocked event loop never runs the ping; the check's timeout then reports it down.
    checks.register(EVENT_LOOP, EVENT_LOOP_TIMEOUT_MS,
        promise -> relay.ping().onComplete(r -> promise.tryComplete(Status.OK()), promise::tryFail));
    if (vertx.isClustered()) {
      checks.register(CLUSTER, promise -> promise.complete(inCluster(vertx)
          ? Status.OK() : Status.KO(new JsonObject().put("reason", "this node is not in the cluster"))));
    }
    return checks;
  }

  /** Readiness: live, and not shutting down (orchestrators stop sending clients first). */
  static HealthChecks readiness(Vertx vertx, RelayServer relay, BooleanSupplier draining) {
    HealthChecks checks = liveness(vertx, relay);
    checks.register(ACCEPTING, promise -> promise.complete(draining.getAsBoolean()
        ? Status.KO(new JsonObject().put("reason", "the relay is shutting down")) : Status.OK()));
    return checks;
  }

  private static boolean inCluster(Vertx vertx) {
    return vertx instanceof VertxInternal internal && internal.clusterManager() != null
        && internal.clusterManager().isActive();
  }
}
