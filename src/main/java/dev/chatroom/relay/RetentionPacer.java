package dev.chatroom.relay;

import dev.chatroom.store.RelayStore;
import dev.chatroom.store.Retention;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a busy room near its {@code history.max_frames_per_room} between the hourly retention
 * passes: after every tenth of that many new frames in a room, that room is pruned. Without it
 * a room at 10,000 frames/s would hold an hour of frames (36 million) before the next pass.
 * Event loop only.
 */
final class RetentionPacer {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionPacer.class);

  private final RelayStore store;
  private final Retention retention;
  private final LongSupplier now;
  private final int step;
  private final Map<String, int[]> sinceLastPrune = new HashMap<>(); // a counter each: no Integer per frame

  RetentionPacer(RelayStore store, Retention retention, LongSupplier now) {
    this.store = store;
    this.retention = retention;
    this.now = now;
    this.step = Math.max(1, retention.maxFramesPerRoom() / 10);
  }

  /** The hourly pass prunes every room: counting starts again from nothing. */
  void restart() {
    sinceLastPrune.clear();
  }

  /** One more frame stored in {@code room}. */
  void stored(String room) {
    int n = ++sinceLastPrune.computeIfAbsent(room, r -> new int[1])[0];
    if (n >= step) {
      sinceLastPrune.remove(room);
      store.pruneRoom(room, retention, now.getAsLong())
          .onFailure(e -> LOG.warn("retention of a busy room failed: {}", e.getMessage()));
    }
  }
}
