package dev.chatroom.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The memory store's frames by seq against a sorted map doing the same: adds, removals, frames kept aside. */
class SeqRingTest {
  static IntStream seeds() { return IntStream.range(0, 100); }

  @ParameterizedTest
  @MethodSource("seeds")
  void behavesAsASortedMap(int seed) {
    Random random = new Random(seed);
    SeqRing<Long> ring = new SeqRing<>();
    TreeMap<Long, Long> model = new TreeMap<>();
    long next = 1 + random.nextInt(5);
    for (int step = 0; step < 3000; step++) {
      int op = random.nextInt(10);
      if (op < 5) { // mostly adds, sometimes past a gap of seqs that are not this store's
        next += random.nextInt(8) == 0 ? 1 + random.nextInt(20) : 1;
        ring.add(next, next);
        model.put(next, next);
      } else if (op < 8 && !model.isEmpty()) { // removals, mostly of the oldest, as retention does
        long seq = random.nextBoolean() ? model.firstKey() : model.firstKey() + random.nextInt(40);
        assertEquals(model.remove(seq), ring.remove(seq), "remove " + seq);
      } else if (op == 8 && !model.isEmpty()) {
        ring.keepAside(model.firstKey() + random.nextInt(10));
      } else {
        long after = model.isEmpty() ? next : model.firstKey() - 2 + random.nextInt(60);
        assertEquals(new ArrayList<>(model.tailMap(after, false).values()), list(ring.after(after)), "after " + after);
      }
      assertEquals(model.size(), ring.size());
    }
    assertEquals(new ArrayList<>(model.values()), list(ring.after(0)));
  }

  @Test
  void aSeqNotAboveTheLastIsRefused() {
    SeqRing<String> ring = new SeqRing<>();
    ring.add(5, "five");
    assertThrows(IllegalArgumentException.class, () -> ring.add(5, "again"));
    assertEquals(List.of("five"), list(ring.after(0)));
  }

  @Test
  void aFrameKeptAsideIsStillReadInOrderAndTheRingDoesNotSpanIt() {
    SeqRing<Long> ring = new SeqRing<>();
    for (long s = 1; s <= 10; s++) {
      ring.add(s, s);
    }
    ring.keepAside(1); // a sender key whose epoch is still in use
    for (long s = 11; s <= 100_000; s++) {
      ring.add(s, s);
      ring.remove(s - 9); // retention takes the old ones
    }
    assertEquals(List.of(1L, 99_992L, 99_993L), list(ring.after(0)).subList(0, 3));
    assertEquals(10, ring.size());
    assertEquals(16, ring.slots(), "the ring spans the last nine seqs, not all since the kept one");
  }

  private static <T> List<T> list(Iterable<T> items) {
    List<T> out = new ArrayList<>();
    items.forEach(out::add);
    return out;
  }
}
