package dev.chatroom.ops;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.EnumSet;
import java.util.regex.Pattern;

/**
 * The process's Prometheus registry and a Vert.x builder that reports into it (event bus, net and
 * HTTP servers). One per relay process; the admin server scrapes it.
 */
public final class Observability {
  /**
   * Labels Vert.x may attach. EB_ADDRESS only as {@link #addressKind} (without it every address's
   * handler gauge has the same id: Micrometer warns and counts one address). Never REMOTE/LOCAL
   * (client addresses) or HTTP_PATH. POOL_NAME keeps Vert.x's two worker pools apart.
   */
  private static final EnumSet<Label> SAFE_LABELS = EnumSet.of(Label.EB_ADDRESS, Label.EB_SIDE, Label.EB_FAILURE,
      Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME);

  private final PrometheusMeterRegistry registry = newRegistry();

  private static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // a filter applies only to meters made after it: add it before Vert.x makes any
    registry.config().meterFilter(MeterFilter.replaceTagValues(Label.EB_ADDRESS.toString(), Observability::addressKind));
    return registry;
  }

  /**
   * An event-bus address as a label value: its kind, never a node id (a new series for every node
   * that ever ran) nor anything not listed here, which could carry a name.
   */
  private static final Pattern MEMBERSHIP_VERSIONED = Pattern.compile("chatroom\\.membership\\.v[0-9]{1,3}");

  static String addressKind(String address) {
    if (address.equals("chatroom.membership") || MEMBERSHIP_VERSIONED.matcher(address).matches()) {
      return "chatroom.membership"; // one series across event format versions: dashboards keep working
    }
    if (address.startsWith("chatroom.node.")) {
      return address.endsWith(".flush") ? "chatroom.node.flush" : "chatroom.node";
    }
    return "other";
  }

  public PrometheusMeterRegistry registry() { return registry; }

  /** A Vert.x builder with metrics on; the caller may add a cluster manager before building. */
  public VertxBuilder vertxBuilder() {
    return vertxBuilder(new VertxOptions());
  }

  public VertxBuilder vertxBuilder(VertxOptions options) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        // the client port's own metrics (chatroom_connections_*, chatroom_bytes_*) replace Vert.x's, which
        // sized every write again and cost 17% of the relay's time delivering to a room of 100
        .addDisabledMetricsCategory(io.vertx.micrometer.MetricsDomain.NET_SERVER)
        .setLabels(SAFE_LABELS)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    return Vertx.builder().with(options.setMetricsOptions(metrics)).withMetrics(new MicrometerMetricsFactory(registry));
  }
}
