package dev.chatroom.relay;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;

/**
 * What waits for room in one connection's write queue (a room's catch-up, a paused room's live
 * frames): one 10 ms poll for all of them, so a reader behind in many rooms costs one timer,
 * not one per room. Runs on the connection's event loop, as all of it.
 */
final class RoomWaits {
  private static final long POLL_MS = 10;

  private record Waiting(long bytes, Runnable then) {}

  private final Vertx vertx;
  private final LongPredicate hasRoomFor;
  private final BooleanSupplier closed;
  private List<Waiting> waiting = new ArrayList<>(2);
  private boolean polling;

  RoomWaits(Vertx vertx, LongPredicate hasRoomFor, BooleanSupplier closed) {
    this.vertx = vertx;
    this.hasRoomFor = hasRoomFor;
    this.closed = closed;
  }

  /** Runs {@code then} now if there is room for {@code bytes}, else once a poll finds it; never once closed. */
  void whenRoomFor(long bytes, Runnable then) {
    if (closed.getAsBoolean()) {
      return;
    }
    if (hasRoomFor.test(bytes)) {
      then.run();
      return;
    }
    waiting.add(new Waiting(bytes, then));
    if (!polling) {
      polling = true;
      vertx.setTimer(POLL_MS, t -> poll());
    }
  }

  private void poll() {
    polling = false;
    List<Waiting> due = waiting;
    waiting = new ArrayList<>(2);
    for (Waiting w : due) {
      whenRoomFor(w.bytes(), w.then()); // in order; one that still lacks room waits for the next poll
    }
  }
}
