package dev.chatroom.store;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * A room's stored frames by seq for the memory store: seqs come one after another, so the
 * recent run lives in a ring indexed by seq (no tree to walk or rebalance per frame), and the
 * few older frames retention keeps past the run (a sender key whose epoch is still in use) in
 * a sorted map beside it. Iteration is in seq order across both.
 */
final class SeqRing<T> {
  private static final int MIN_CAPACITY = 8;

  private Object[] ring = new Object[MIN_CAPACITY];
  private int head; // the slot of seq {@code base}
  private long base = 1;
  private int span; // slots in use from head: seqs base .. base + span - 1, some of them removed
  private int count; // frames in the ring
  private final TreeMap<Long, T> kept = new TreeMap<>(); // frames moved out of the ring; no seq in both

  /** Adds the frame of {@code seq}, which must be above every seq added before. */
  void add(long seq, T frame) {
    if (span == 0) {
      base = seq;
      head = 0;
    }
    if (seq < base + span) {
      throw new IllegalArgumentException("seq " + seq + " is not above " + (base + span - 1));
    }
    long slots = seq - base + 1;
    if (slots > ring.length) {
      resize(slots);
    }
    ring[slot(seq)] = frame;
    span = (int) slots;
    count++;
  }

  /** Removes and returns the frame of {@code seq}, or null if there is none. */
  T remove(long seq) {
    T frame = get(seq);
    if (frame == null) {
      return kept.remove(seq);
    }
    ring[slot(seq)] = null;
    count--;
    trimHead();
    return frame;
  }

  /** Moves the frame of {@code seq} out of the ring into the kept map, so the ring need not span it. */
  void keepAside(long seq) {
    T frame = get(seq);
    if (frame != null) {
      ring[slot(seq)] = null;
      count--;
      kept.put(seq, frame);
      trimHead();
    }
  }

  /** The frame of {@code seq}, in the ring or kept aside, or null. */
  T find(long seq) {
    T frame = get(seq);
    return frame != null ? frame : kept.get(seq);
  }

  int size() { return count + kept.size(); }

  /** The ring's length (for tests: it follows the run of recent seqs, not the oldest kept frame). */
  int slots() { return ring.length; }

  /** The frames above {@code seq}, in seq order: the ring's and the kept ones merged. */
  Iterable<T> after(long seq) {
    return () -> new Iterator<>() {
      private final Iterator<Map.Entry<Long, T>> aside = kept.tailMap(seq, false).entrySet().iterator();
      private Map.Entry<Long, T> nextAside = aside.hasNext() ? aside.next() : null;
      private long nextInRing = Math.max(seq + 1, base);

      /** The ring's next seq holding a frame, or -1. */
      private long ringSeq() {
        while (nextInRing < base + span && get(nextInRing) == null) {
          nextInRing++;
        }
        return nextInRing < base + span ? nextInRing : -1;
      }

      @Override
      public boolean hasNext() { return nextAside != null || ringSeq() >= 0; }

      @Override
      public T next() {
        long inRing = ringSeq();
        if (nextAside != null && (inRing < 0 || nextAside.getKey() < inRing)) {
          T frame = nextAside.getValue();
          nextAside = aside.hasNext() ? aside.next() : null;
          return frame;
        }
        if (inRing < 0) {
          throw new NoSuchElementException();
        }
        nextInRing++;
        return get(inRing);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private T get(long seq) {
    return seq >= base && seq < base + span ? (T) ring[slot(seq)] : null;
  }

  private int slot(long seq) { return (int) ((head + (seq - base)) & (ring.length - 1)); }

  /** The ring starts at its first frame; it shrinks when it is mostly empty. */
  private void trimHead() {
    while (span > 0 && ring[head] == null) {
      head = (head + 1) & (ring.length - 1);
      base++;
      span--;
    }
    if (ring.length > MIN_CAPACITY && span < ring.length / 4) {
      resize(Math.max(MIN_CAPACITY, span * 2L));
    }
  }

  /** A ring of the least power of two that holds {@code slots} (the slot of a seq is then a mask). */
  private void resize(long slots) {
    if (slots > 1 << 30) {
      throw new IllegalStateException("a room's history spans more seqs than the memory store holds");
    }
    int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit((int) Math.max(1, slots - 1)) << 1);
    Object[] moved = new Object[capacity];
    for (int i = 0; i < span; i++) {
      moved[i] = ring[(head + i) & (ring.length - 1)];
    }
    ring = moved;
    head = 0;
  }
}
