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
  private long[] hashes = NONE; // a room that stored nothing has no table
  private long[] seqs = NONE;
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

  private static long mixIn(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
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
    int mask = hashes.length - 1;
    for (int i = slot(hash, mask); hashes[i] != EMPTY; i = (i + 1) & mask) {
      if (hashes[i] == hash && frames.isFrame(seqs[i], from, id)) {
        return seqs[i];
      }
    }
    return 0;
  }

  /** Records {@code seq} (above 0) under {@code hash}; the caller has checked it is not there. */
  void put(long hash, long seq) {
    if ((size + 1) * 2 > hashes.length) {
      resize(hashes.length * 2); // at least MIN_CAPACITY: see resize
    }
    insert(hash, seq);
    size++;
  }

  /** Forgets the entry of {@code seq} under {@code hash}, if there is one. */
  void remove(long hash, long seq) {
    if (size == 0) {
      return;
    }
    int mask = hashes.length - 1;
    for (int i = slot(hash, mask); hashes[i] != EMPTY; i = (i + 1) & mask) {
      if (hashes[i] == hash && seqs[i] == seq) {
        deleteAt(i);
        size--;
        if (size == 0) {
          hashes = NONE;
          seqs = NONE;
        } else if (hashes.length > MIN_CAPACITY && size * 8 < hashes.length) {
          resize(hashes.length / 2);
        }
        return;
      }
    }
  }

  int size() { return size; }

  /** The table's length (for tests: it follows the entries, at most half full). */
  int capacity() { return hashes.length; }

  private static int slot(long hash, int mask) { return (int) hash & mask; }

  private void insert(long hash, long seq) {
    int mask = hashes.length - 1;
    int i = slot(hash, mask);
    while (hashes[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    hashes[i] = hash;
    seqs[i] = seq;
  }

  /** Empties slot {@code i}, moving back later entries of its run that would no longer be found (Knuth's algorithm R). */
  private void deleteAt(int i) {
    int mask = hashes.length - 1;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      if (hashes[j] == EMPTY) {
        break;
      }
      int home = slot(hashes[j], mask);
      // the entry at j may move to i unless its home lies cyclically in (i, j]
      boolean homeBetween = i <= j ? i < home && home <= j : i < home || home <= j;
      if (!homeBetween) {
        hashes[i] = hashes[j];
        seqs[i] = seqs[j];
        i = j;
      }
    }
    hashes[i] = EMPTY;
    seqs[i] = 0;
  }

  private void resize(int capacity) {
    long[] oldHashes = hashes;
    long[] oldSeqs = seqs;
    hashes = new long[Math.max(MIN_CAPACITY, capacity)];
    seqs = new long[hashes.length];
    for (int i = 0; i < oldHashes.length; i++) {
      if (oldHashes[i] != EMPTY) {
        insert(oldHashes[i], oldSeqs[i]);
      }
    }
  }
}
