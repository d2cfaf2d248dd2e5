package dev.chatroom.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Remembers which message ids each sender used, to drop replays of bare version 1 messages
 * (PROTOCOL.md section 5). It keeps every id whose {@code sent} is above a floor, at most
 * {@value #MAX_IDS} of them in all senders together; whatever it forgets, by age or because
 * the bound was hit, raises the floor to that entry's {@code sent}, so a forgotten message is
 * refused rather than accepted again. Ids older than {@link #WINDOW} are refused by time anyway,
 * so forgetting them costs nothing; hitting the bound inside the window (a flood) makes the
 * guard refuse genuine messages older than the oldest id it still holds, never accept a replay.
 * Thread-safe; {@link ReplayStore} keeps it across restarts.
 */
public final class ReplayGuard {
  /** A bare message more than this far in the past is refused outright. */
  public static final Duration WINDOW = Duration.ofMinutes(10);
  /** About 36 bytes each on disk and 150 in memory: under 1 MB and 3 MB at the bound. */
  public static final int MAX_IDS = 20_000;

  /** One remembered id: its {@code sent}, and a digest of sender and id. */
  record Seen(long sent, String key) implements Comparable<Seen> {
    @Override
    public int compareTo(Seen o) {
      int c = Long.compare(sent, o.sent);
      return c != 0 ? c : key.compareTo(o.key);
    }
  }

  private final int maxIds;
  private final Map<String, Long> byKey = new HashMap<>();
  private final TreeSet<Seen> bySent = new TreeSet<>();
  private long floor = Long.MIN_VALUE;
  private Runnable onChange = () -> {};

  public ReplayGuard() {
    this(MAX_IDS);
  }

  ReplayGuard(int maxIds) {
    this.maxIds = maxIds;
  }

  /** Called (on the caller's thread) after each change, so a store can schedule a save. */
  synchronized void onChange(Runnable listener) {
    this.onChange = listener;
  }

  /**
   * Records {@code id} from {@code sender} at {@code now}; false if it was seen before or is at
   * or below the floor. {@code sender} should identify the key, not just the nick.
   */
  public boolean firstSight(String sender, String id, long sent, long now) {
    Runnable changed;
    synchronized (this) {
      forgetOlderThan(now - WINDOW.toMillis());
      if (sent <= floor) {
        return false;
      }
      String key = key(sender, id);
      if (byKey.containsKey(key)) {
        return false;
      }
      add(new Seen(sent, key));
      changed = onChange;
    }
    changed.run();
    return true;
  }

  /** The {@code sent} at or below which everything is refused. */
  public synchronized long floor() {
    return floor;
  }

  public synchronized int size() {
    return byKey.size();
  }

  synchronized List<Seen> entries() {
    return new ArrayList<>(bySent);
  }

  /** Takes in what another process (or an earlier run) remembered: the union, the higher floor. */
  synchronized void absorb(long otherFloor, List<Seen> others) {
    raiseFloor(otherFloor);
    for (Seen s : others) {
      if (s.sent() > floor && !byKey.containsKey(s.key())) {
        add(s);
      }
    }
  }

  private void add(Seen s) {
    byKey.put(s.key(), s.sent());
    bySent.add(s);
    while (bySent.size() > maxIds) {
      forget(bySent.first());
    }
  }

  private void forgetOlderThan(long cutoff) {
    while (!bySent.isEmpty() && bySent.first().sent() < cutoff) {
      forget(bySent.first());
    }
  }

  private void forget(Seen s) {
    bySent.remove(s);
    byKey.remove(s.key());
    floor = Math.max(floor, s.sent());
  }

  private void raiseFloor(long to) {
    floor = Math.max(floor, to);
    while (!bySent.isEmpty() && bySent.first().sent() <= floor) {
      Seen s = bySent.pollFirst();
      byKey.remove(s.key());
    }
  }

  /** 128 bits of SHA-256: fixed-size, safe to write to a file whatever the id holds. */
  static String key(String sender, String id) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(sender.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
      byte[] d = sha.digest(id.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(d, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
