package dev.chatroom.store;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Waits for a store future from the test thread, with a deadline. */
final class Await {
  private Await() {}

  static <T> T result(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** The failure of a future that must fail. */
  static Throwable failure(Future<?> future) throws Exception {
    try {
      Object value = future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
