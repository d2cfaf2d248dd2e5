package dev.chatroom.ops;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.relay.RelayServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin HTTP endpoint: GET /health, /ready (vertx-health-check JSON) and /metrics (Prometheus). */
public final class AdminServer {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

  private final HttpServer server;
  private final RelayMetrics metrics;
  private volatile boolean draining;

  private AdminServer(HttpServer server, RelayMetrics metrics) {
    this.server = server;
    this.metrics = metrics;
  }

  /** Binds the relay's counters into {@code registry} and serves them on {@code admin}'s address. */
  public static Future<AdminServer> start(Vertx vertx, RelayConfig.Admin admin, RelayServer relay,
      PrometheusMeterRegistry registry) {
    RelayMetrics metrics = RelayMetrics.bind(registry, relay.stats());
    AdminServer[] self = new AdminServer[1];
    Router router = Router.router(vertx);
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(RelayHealth.liveness(vertx, relay)));
    router.get("/ready").handler(HealthCheckHandler.createWithHealthChecks(
        RelayHealth.readiness(vertx, relay, () -> self[0] != null && self[0].draining)));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    // HTTP/1.1 only: scrapers and probes speak it, and the h2c upgrade path is surface we do not need
    // (a JDK client's upgrade request to it hung one scrape in CI)
    HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false);
    return vertx.createHttpServer(options).requestHandler(router).listen(admin.port(), admin.host())
        .map(server -> {
          self[0] = new AdminServer(server, metrics);
          LOG.info("admin HTTP on {}:{} (/health, /ready, /metrics)", admin.host(), server.actualPort());
          return self[0];
        })
        .onFailure(e -> metrics.close());
  }

  public int port() { return server.actualPort(); }

  /** From now on /ready answers 503, so load balancers stop sending clients before the relay stops. */
  public void drain() { draining = true; }

  public Future<Void> stop() {
    metrics.close();
    return server.close();
  }
}
