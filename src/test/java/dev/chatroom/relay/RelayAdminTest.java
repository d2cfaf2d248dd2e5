package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.ops.AdminServer;
import dev.chatroom.ops.Observability;
import dev.chatroom.protocol.Frame;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The admin endpoint on a real relay: health turns 503 naming the failed check; metrics move. */
class RelayAdminTest extends RelayTestBase {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Observability observability;
  private AdminServer admin;

  @Override
  protected Vertx vertxFor(Vertx injected) {
    observability = new Observability(); // metrics need a Vert.x built to report into its registry
    return observability.vertxBuilder().build();
  }

  private void startRelayWithAdmin() throws Exception {
    startRelay(config().build());
    admin = AdminServer.start(vertx, new RelayConfig.Admin("127.0.0.1", 0), relay, observability.registry())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String checkStatus(JsonObject health, String id) {
    JsonArray checks = health.getJsonArray("checks");
    for (int i = 0; i < checks.size(); i++) {
      if (id.equals(checks.getJsonObject(i).getString("id"))) {
        return checks.getJsonObject(i).getString("status");
      }
    }
    return "missing";
  }

  @Test
  void healthIsUpWhileListeningAndDownNamingTheClientPortWhenItCloses() throws Exception {
    startRelayWithAdmin();
    HttpResponse<String> up = get("/health");
    assertEquals(200, up.statusCode(), up.body());
    // the JDK client asks to upgrade to h2c by default; the admin port stays on HTTP/1.1
    assertEquals(HttpClient.Version.HTTP_1_1, up.version(), "no h2c upgrade on the admin port");
    JsonObject body = new JsonObject(up.body());
    assertEquals("UP", body.getString("status"));
    assertEquals("UP", checkStatus(body, "client-port"));
    assertEquals("UP", checkStatus(body, "event-loop"));

    relay.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    HttpResponse<String> down = get("/health");
    assertEquals(503, down.statusCode(), down.body());
    JsonObject downBody = new JsonObject(down.body());
    assertEquals("DOWN", checkStatus(downBody, "client-port"));
    assertEquals("UP", checkStatus(downBody, "event-loop"));
    assertTrue(down.body().contains("the client port is closed"), down.body());
  }

  @Test
  void readyTurns503WhenDraining() throws Exception {
    startRelayWithAdmin();
    assertEquals(200, get("/ready").statusCode());
    admin.drain();
    HttpResponse<String> draining = get("/ready");
    assertEquals(503, draining.statusCode());
    assertEquals("DOWN", checkStatus(new JsonObject(draining.body()), "accepting"));
    assertEquals(200, get("/health").statusCode(), "draining is not a liveness failure");
  }

  @Test
  void metricsCountConnectionsMessagesAndBytesWithoutNamesInLabels() throws Exception {
    startRelayWithAdmin();
    String before = get("/metrics").body();
    assertEquals(0.0, value(before, "chatroom_connections_open"));

    WireClient alice = join("alice-nick", "secret-room");
    WireClient bob = join("bob-nick", "secret-room");
    alice.next(Frame.Joined.class);
    alice.send(alice.message("alice-nick", "bob-nick"));
    alice.next(Frame.Ack.class);
    bob.next(Frame.Message.class);
    bob.sendRaw("not json\n");
    bob.expectError("bad_frame");

    String after = get("/metrics").body();
    assertEquals(2.0, value(after, "chatroom_connections_open"));
    assertEquals(2.0, value(after, "chatroom_connections_accepted_total"));
    assertEquals(2.0, value(after, "chatroom_members"));
    assertEquals(1.0, value(after, "chatroom_rooms"));
    assertEquals(1.0, value(after, "chatroom_messages_in_total"));
    assertEquals(1.0, value(after, "chatroom_acks_total"));
    assertEquals(1.0, value(after, "chatroom_errors_total{code=\"bad_frame\"}"));
    assertTrue(value(after, "chatroom_bytes_in_total") > 0);
    assertTrue(value(after, "chatroom_bytes_out_total") > 0);
    assertTrue(after.contains("vertx_eventbus_published_total"), "Vert.x event-bus metrics are exported");
    assertFalse(after.contains("vertx_net_server_"), "the client port's metrics are the relay's own, not Vert.x's");
    assertTrue(after.contains("jvm_memory_used_bytes"), "JVM memory is exported");
    assertTrue(after.contains("jvm_gc_"), "JVM GC is exported");
    for (String secret : new String[] {"alice-nick", "bob-nick", "secret-room", "127.0.0.1"}) {
      assertFalse(after.contains(secret), secret + " must not appear in /metrics");
    }
    // one handler gauge per kind of address (not one id for all, which Micrometer refused with a WARN)
    assertEquals(1.0, value(after, "vertx_eventbus_handlers{address=\"chatroom.node\"}"));
    assertEquals(1.0, value(after, "vertx_eventbus_handlers{address=\"chatroom.node.flush\"}"));
    assertEquals(1.0, value(after, "vertx_eventbus_handlers{address=\"chatroom.membership\"}"));
    assertFalse(Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-").matcher(after).find(), "no node id in /metrics");

    bob.close();
    assertTrue(alice.next() instanceof Frame.Left);
    String closed = get("/metrics").body();
    assertEquals(1.0, value(closed, "chatroom_connections_open"));
    assertEquals(1.0, value(closed, "chatroom_connections_closed_total{reason=\"client_closed\"}"));
    assertEquals(1.0, value(closed, "chatroom_members"));
  }

  /** The value of one Prometheus sample, e.g. {@code chatroom_members} or {@code name{tag="v"}}. */
  private static double value(String scrape, String sample) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(scrape);
    if (!m.find()) {
      throw new AssertionError(sample + " not in /metrics:\n" + scrape);
    }
    return Double.parseDouble(m.group(1));
  }
}
