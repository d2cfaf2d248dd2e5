package dev.chatroom.crypto;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers message ids per sender to drop replays, in bounded memory: the last
 * {@value #IDS_PER_SENDER} ids of each sender, plus a floor, the {@code sent} time of the newest
 * id it forgot. A message at or below the floor is treated as a replay. The relay delivers each
 * sender's frames in order, so a genuine message is never that old unless the sender's clock
 * jumped back past its last {@value #IDS_PER_SENDER} messages. Memory does not survive a
 * restart. Thread-safe.
 */
public final class ReplayGuard {
  static final int IDS_PER_SENDER = 1_000;
  static final int MAX_SENDERS = 10_000;

  private final int idsPerSender;
  private final Map<String, Seen> senders;

  public ReplayGuard() {
    this(IDS_PER_SENDER, MAX_SENDERS);
  }

  ReplayGuard(int idsPerSender, int maxSenders) {
    this.idsPerSender = idsPerSender;
    // Access order: the senders least recently heard from are forgotten first.
    this.senders = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
        return size() > maxSenders;
      }
    };
  }

  /**
   * Records {@code id} from {@code sender}; false if it was seen before (or is older than what
   * this guard still remembers). {@code sender} should identify the key, not just the nick.
   */
  public synchronized boolean firstSight(String sender, String id, long sent) {
    Seen seen = senders.computeIfAbsent(sender, s -> new Seen(idsPerSender));
    if (sent <= seen.floor || seen.ids.containsKey(id)) {
      return false;
    }
    seen.ids.put(id, sent);
    return true;
  }

  private static final class Seen {
    long floor = Long.MIN_VALUE;
    final LinkedHashMap<String, Long> ids;

    Seen(int capacity) {
      ids = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          if (size() <= capacity) {
            return false;
          }
          floor = Math.max(floor, eldest.getValue());
          return true;
        }
      };
    }
  }
}
