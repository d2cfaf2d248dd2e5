package dev.chatroom.store;

import java.security.SecureRandom;

/**
 * The memory store's resend index: (from, id) to the seq that stored it, for one room. A table
 * of two primitive arrays with linear probing instead of a {@code HashMap} of records: no three
 * objects per frame, one cache line per lookup (the map was a tenth of the relay's time in a
 * saturated room of two). The table holds a 64-bit keyed hash of (from, id) only, so a match is
 * confirmed against the stored frame ({@link Frames}); the key is random per index, so a client
 * cannot choose ids whose hashes pile up in one run of the table.
 */
final class DedupeIndex {
  /** Whether the frame stored as {@code seq} was sent by {@code from} with {@code id}. */
  interface Frames {
    boolean isFrame(long seq, String from, String id);
  }

  private static final int MIN_CAPACITY = 16;
  private static final long EMPTY = 0;
  private static final SecureRandom SEEDS = new SecureRandom();
  private static final long[] NONE = {};

  private final long seed;
  // slot i is table[2i] (the hash, EMPTY if free) and table[2i+1] (its seq): one cache line per probe
  private long[] table = NONE; // a room that stored nothing has no table
  private int size;

  DedupeIndex() { this(SEEDS.nextLong()); }

  DedupeIndex(long seed) { this.seed = seed; }

  /** The keyed hash of (from, id), never {@link #EMPTY}. */
  long hash(String from, String id) {
    long h = mixIn(seed ^ from.length(), from);
    h = mixIn(h ^ ((long) id.length() << 32), id);
    h ^= h >>> 33; // murmur3's finalizer: every input bit reaches the low bits the slot uses
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == EMPTY ? 1 : h;
  }

  /** Four chars (all 16 bits of each) per multiply: the chain of multiplies is most of the hash's time. */
  private static long mixIn(long h, String s) {
    int n = s.length();
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      long four = s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32 | (long) s.charAt(i + 3) << 48;
      h = (h ^ four) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 29;
    }
    for (; i < n; i++) {
      h = (h ^ s.charAt(i)) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 29;
    }
    return h;
  }

  /** The seq stored for (from, id) whose hash is {@code hash}, or 0 if there is none. */
  long find(long hash, String from, String id, Frames frames) {
    if (size == 0) {
      return 0;
    }
    int mask = slots() - 1;
    for (int i = slot(hash, mask); table[2 * i] != EMPTY; i = (i + 1) & mask) {
      if (table[2 * i] == hash && frames.isFrame(table[2 * i + 1], from, id)) {
        return table[2 * i + 1];
      }
    }
    return 0;
  }

  /** Records {@code seq} (above 0) under {@code hash}; the caller has checked it is not there. */
  void put(long hash, long seq) {
    if ((size + 1) * 2 > slots()) {
      resize(slots() * 2); // at least MIN_CAPACITY: see resize
    }
    insert(hash, seq);
    size++;
  }

  /** Forgets the entry of {@code seq} under {@code hash}, if there is one. */
  void remove(long hash, long seq) {
    if (size == 0) {
      return;
    }
    int mask = slots() - 1;
    for (int i = slot(hash, mask); table[2 * i] != EMPTY; i = (i + 1) & mask) {
      if (table[2 * i] == hash && table[2 * i + 1] == seq) {
        deleteAt(i);
        size--;
        if (size == 0) {
          table = NONE;
        } else if (slots() > MIN_CAPACITY && size * 8 < slots()) {
          resize(slots() / 2);
        }
        return;
      }
    }
  }

  int size() { return size; }

  /** The table's slots (for tests: it follows the entries, at most half full). */
  int capacity() { return slots(); }

  private int slots() { return table.length >> 1; }

  private static int slot(long hash, int mask) { return (int) hash & mask; }

  private void insert(long hash, long seq) {
    int mask = slots() - 1;
    int i = slot(hash, mask);
    while (table[2 * i] != EMPTY) {
      i = (i + 1) & mask;
    }
    table[2 * i] = hash;
    table[2 * i + 1] = seq;
  }

  /** Empties slot {@code i}, moving back later entries of its run that would no longer be found (Knuth's algorithm R). */
  private void deleteAt(int i) {
    int mask = slots() - 1;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (table[2 * j] == EMPTY) {
        break;
      }
      int home = slot(table[2 * j], mask);
      // the entry at j may move to i unless its home lies cyclically in (i, j]
      boolean homeBetween = i <= j ? i < home && home <= j : i < home || home <= j;
      if (!homeBetween) {
        table[2 * i] = table[2 * j];
        table[2 * i + 1] = table[2 * j + 1];
        i = j;
      }
    }
    table[2 * i] = EMPTY;
    table[2 * i + 1] = 0;
  }

  private void resize(int capacity) {
    long[] old = table;
    table = new long[2 * Math.max(MIN_CAPACITY, capacity)];
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != EMPTY) {
        insert(old[i], old[i + 1]);
      }
    }
  }
}
