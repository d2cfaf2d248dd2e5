package dev.chatroom.relay;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.store.RelayStore;
import dev.chatroom.store.Retention;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hourly pass over the store (PROTOCOL.md sections 9-11): retention of every room, then
 * memberships away longer than {@code member_expiry_days} and nicks unused longer than
 * {@code registration_expiry_days}, each dropped from the node's index too.
 */
final class V2Housekeeping {
  private static final Logger LOG = LoggerFactory.getLogger(V2Housekeeping.class);
  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  private final RelayStore store;
  private final StoredRooms rooms;
  private final RetentionPacer pacer;
  private final RelayConfig.Stored limits;

  V2Housekeeping(RelayStore store, StoredRooms rooms, RetentionPacer pacer, RelayConfig.Stored limits) {
    this.store = store;
    this.rooms = rooms;
    this.pacer = pacer;
    this.limits = limits;
  }

  static Retention retention(RelayConfig.Stored limits) {
    return new Retention(limits.historyMaxFramesPerRoom(), Duration.ofDays(limits.historyMaxAgeDays()));
  }

  void run(long now) {
    pacer.restart(); // the full pass covers every room: the counts start again (and rooms gone leave no entry)
    store.prune(retention(limits), now)
        .onSuccess(n -> { if (n > 0) LOG.info("retention removed {} stored frames", n); })
        .onFailure(e -> LOG.warn("retention failed: {}", e.getMessage()));
    store.expireMembers(now - limits.memberExpiryDays() * DAY_MS).onSuccess(gone -> {
      gone.forEach(m -> rooms.remove(m.room(), m.nick()));
      if (!gone.isEmpty()) {
        LOG.info("{} memberships expired after {} days away", gone.size(), limits.memberExpiryDays());
      }
    }).onFailure(e -> LOG.warn("member expiry failed: {}", e.getMessage()));
    store.expireRegistrations(now - limits.registrationExpiryDays() * DAY_MS).onSuccess(nicks -> {
      nicks.forEach(rooms::removeNick);
      if (!nicks.isEmpty()) {
        LOG.info("{} nick registrations lapsed after {} days unused", nicks.size(), limits.registrationExpiryDays());
      }
    }).onFailure(e -> LOG.warn("registration expiry failed: {}", e.getMessage()));
  }
}
