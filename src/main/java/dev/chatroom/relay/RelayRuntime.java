package dev.chatroom.relay;

import dev.chatroom.config.RelayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/** Everything one relay process runs: its Vert.x instance and the relay node on it. */
public final class RelayRuntime {
  private final Vertx vertx;
  private final RelayServer relay;

  private RelayRuntime(Vertx vertx, RelayServer relay) {
    this.vertx = vertx;
    this.relay = relay;
  }

  /** Starts a single node; blocks until it listens. */
  public static RelayRuntime start(RelayConfig config) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      RelayServer relay = await(RelayServer.start(vertx, config), 30);
      return new RelayRuntime(vertx, relay);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  public RelayServer relay() { return relay; }

  public Vertx vertx() { return vertx; }

  /** Closes every client (members hear left), then Vert.x; gives up after {@code seconds}. */
  public void stop(int seconds) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    try {
      await(relay.stop(), seconds);
    } catch (Exception e) {
      // closing Vert.x below ends whatever did not stop in time
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
