package dev.chatroom.relay;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open connections of one node and the limits on them: how many in all and per address,
 * how long idle or unjoined, and which readers to cut when the output budget is exceeded.
 */
final class Connections {
  private static final Logger LOG = LoggerFactory.getLogger(Connections.class);

  private final RelayConfig config;
  private final RelayStats stats;
  private final LongSupplier clock;
  private final OutputBudget budget;
  private final AddressLimits addressLimits;
  private final Set<Connection> open = new HashSet<>();

  Connections(RelayConfig config, RelayStats stats, LongSupplier clock, OutputBudget budget) {
    this.config = config;
    this.stats = stats;
    this.clock = clock;
    this.budget = budget;
    this.addressLimits = new AddressLimits(config.maxConnectionsPerAddress(), config.connectRatePerSecond(),
        config.connectRateBurst());
  }

  /** Counts a new connection in, or refuses it (an error and a close) when a limit is reached. */
  boolean admit(Connection c) {
    stats.accepted.increment();
    boolean full = open.size() >= config.maxConnections();
    String refusal = full ? "this relay is full; try another or later" : addressLimits.admit(c.addressKey(), clock.getAsLong());
    stats.open.increment(); // balanced by closed(), refused or not
    if (refusal != null) {
      c.error(ErrorCode.SERVER_FULL, refusal, null);
      c.close(full ? CloseReason.SERVER_FULL : CloseReason.ADDRESS_LIMIT);
      return false;
    }
    open.add(c);
    return true;
  }

  void closed(Connection c, CloseReason reason) {
    if (open.remove(c)) {
      addressLimits.release(c.addressKey()); // refused connections were never counted
    }
    stats.open.decrement();
    stats.closed(reason).increment();
  }

  /** Closes connections idle too long or not joined in time, and forgets quiet addresses. */
  void sweep() {
    long idle = config.idleTimeout().toNanos();
    long join = config.joinTimeout().toNanos();
    long now = clock.getAsLong();
    for (Connection c : new ArrayList<>(open)) {
      if (now - c.lastReadNanos() > idle) {
        c.close(CloseReason.IDLE);
      } else if (!c.joined() && now - c.openedNanos() > join) {
        c.close(CloseReason.JOIN_TIMEOUT);
      }
    }
    addressLimits.sweep(now);
  }

  /**
   * Past the output budget, cuts as few readers as it takes for the rest to fit
   * ({@link OutputBudget#victims}). Runs as its own task: by then the last task's writes have
   * reached the sockets, and what the kernel took no longer counts.
   */
  void enforceOutputBudget() {
    List<Connection> cut = OutputBudget.victims(open, budget.queued(), budget.limit());
    for (Connection c : cut) {
      LOG.info("output budget of {} bytes exceeded ({} queued): cutting a reader {} bytes behind, {} of them its own",
          budget.limit(), budget.queued(), c.queuedBytes(), c.ownQueuedBytes());
      c.close(CloseReason.OUTPUT_BUDGET);
    }
  }

  /** A version 2 identity registered {@code nick}: version 1 users of it must go. */
  void dropV1Users(String nick) {
    for (Connection c : new ArrayList<>(open)) {
      if (c.v2() == null && nick.equals(c.nick())) {
        c.error(ErrorCode.NICK_REGISTERED, "nick '" + nick + "' is now registered to a version 2 identity", null);
        c.close(CloseReason.ERROR);
      }
    }
  }

  void closeAll(CloseReason reason) {
    for (Connection c : new ArrayList<>(open)) {
      c.close(reason);
    }
  }
}
