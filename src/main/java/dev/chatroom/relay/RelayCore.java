package dev.chatroom.relay;

import dev.chatroom.config.RelayConfig;
import io.vertx.core.Vertx;
import java.util.function.LongSupplier;

/**
 * The seams of one node that its connections and sessions work through, so none of them calls
 * the node: the output queues end with {@link TaskEnd}, the local rooms, the router, the
 * membership of version 1 rooms and the open connections.
 */
record RelayCore(RelayConfig config, RelayStats stats, LongSupplier clock, Vertx vertx, OutputBudget outputBudget,
                 Membership membership, LocalRooms localRooms, Router router, Connections connections, TaskEnd taskEnd) {
  long nanoTime() { return clock.getAsLong(); }

  /** Ends the current event-loop task (see {@link TaskEnd}). */
  void endTask() { taskEnd.run(); }
}
