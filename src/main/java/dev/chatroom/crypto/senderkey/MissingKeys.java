package dev.chatroom.crypto.senderkey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts group messages that could not be opened because their epoch's key never reached
 * this device, so that none is lost silently: one warning per (room, sender, epoch), with the
 * count so far. Bounded: the least recently seen entries go first, counts saturate.
 * Thread-safe.
 */
public final class MissingKeys {
  public static final int MAX_TRACKED = 1_000;
  public static final int MAX_COUNT = 1_000_000;

  /** One warning: {@code count} messages of {@code from}'s {@code epoch} in {@code room}. */
  public record Warning(String room, String from, String epoch, int count) {
    /** One sentence for the user; nicks here were validated before they were counted. */
    public String text() {
      String n = count >= MAX_COUNT ? "More than " + MAX_COUNT + " messages"
          : count == 1 ? "1 message" : count + " messages";
      return n + " from " + from + " could not be decrypted: " + from
          + "'s key for this room never reached this device.";
    }
  }

  private record Key(String room, String from, String epoch) {}

  private static final class Entry {
    int count;
    boolean warned;
  }

  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
      return size() > MAX_TRACKED;
    }
  };

  synchronized void record(String room, String from, String epoch) {
    Entry e = entries.computeIfAbsent(new Key(room, from, epoch), k -> new Entry());
    e.count = Math.min(MAX_COUNT, e.count + 1);
  }

  /** A late key: nothing more will be missing for that epoch. */
  synchronized void keyArrived(String room, String from, String epoch) {
    entries.remove(new Key(room, from, epoch));
  }

  /**
   * Warnings not shown yet (e.g. after a room's {@code synced}), each once per epoch; later
   * losses in an epoch already warned about are counted but not shown again.
   */
  public synchronized List<Warning> takeWarnings() {
    List<Warning> out = new ArrayList<>();
    for (Map.Entry<Key, Entry> e : entries.entrySet()) {
      if (!e.getValue().warned) {
        e.getValue().warned = true;
        Key k = e.getKey();
        out.add(new Warning(k.room(), k.from(), k.epoch(), e.getValue().count));
      }
    }
    return out;
  }

  /** Messages counted for that epoch so far (0 if none or forgotten). */
  public synchronized int count(String room, String from, String epoch) {
    Entry e = entries.get(new Key(room, from, epoch));
    return e == null ? 0 : e.count;
  }
}
