package dev.chatroom.relay;

import dev.chatroom.config.RelayConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a real relay on a random port for each test and closes every client after it. Vert.x
 * comes from {@link VertxExtension} (closed after each test), so a test may also take a
 * {@code VertxTestContext} and wait on {@code Checkpoint}s that name the step that never came.
 */
@ExtendWith(VertxExtension.class)
abstract class RelayTestBase {
  protected Vertx vertx;
  protected RelayServer relay;
  private Vertx injected;
  private final List<WireClient> clients = new ArrayList<>();

  @BeforeEach
  void startVertx(Vertx injected) {
    this.injected = injected;
    vertx = vertxFor(injected);
  }

  /** The Vert.x the relay runs on: the extension's, unless a suite needs its own (metrics). */
  protected Vertx vertxFor(Vertx injected) {
    return injected;
  }

  @AfterEach
  void stopAll() throws Exception {
    for (WireClient c : clients) {
      c.close();
    }
    if (vertx != injected) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  protected RelayConfig.Builder config() {
    return RelayConfig.builder().port(0).store("memory");
  }

  protected RelayServer startRelay(RelayConfig config) throws Exception {
    relay = RelayServer.start(vertx, config).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return relay;
  }

  protected RelayServer startRelay() throws Exception {
    return startRelay(config().build());
  }

  protected WireClient connect() throws Exception {
    WireClient.identity(); // made before the socket opens: key generation must not eat the join timeout
    WireClient c = new WireClient(relay.port());
    clients.add(c);
    return c;
  }

  protected WireClient join(String nick, String room) throws Exception {
    WireClient c = connect();
    c.hello(nick, room);
    return c;
  }

  protected WireClient join(String nick) throws Exception {
    return join(nick, "lobby");
  }
}
