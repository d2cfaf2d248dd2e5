package dev.chatroom.relay;

import dev.chatroom.config.RelayConfig;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a real relay on a random port for each test and closes every client after it. */
abstract class RelayTestBase {
  protected Vertx vertx;
  protected RelayServer relay;
  private final List<WireClient> clients = new ArrayList<>();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopAll() throws Exception {
    for (WireClient c : clients) {
      c.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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
