package dev.chatroom.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The memory store's resend index against a map doing the same, with hashes that collide on purpose. */
class DedupeIndexTest {
  static IntStream seeds() { return IntStream.range(0, 60); }

  private record Key(String from, String id) {}

  @ParameterizedTest
  @MethodSource("seeds")
  void behavesAsAMapEvenWhenHashesCollide(int seed) {
    Random random = new Random(seed);
    DedupeIndex index = new DedupeIndex(seed);
    Map<Long, Key> stored = new HashMap<>(); // seq -> (from, id): what the store's frames say
    Map<Key, Long> model = new HashMap<>();
    Map<Long, Long> hashOf = new HashMap<>();
    // a handful of hashes for many keys: every probe run is long and every match needs the frame's word
    int hashes = 1 + random.nextInt(seed % 3 == 0 ? 4 : 400);
    DedupeIndex.Frames frames = (seq, from, id) -> new Key(from, id).equals(stored.get(seq));
    long nextSeq = 1;
    List<Long> live = new ArrayList<>();
    for (int step = 0; step < 4000; step++) {
      Key key = new Key("m" + random.nextInt(5), "id-" + random.nextInt(600));
      long hash = 1 + Math.floorMod(index.hash(key.from(), key.id()), hashes);
      int op = random.nextInt(10);
      if (op < 6) { // a frame arrives: stored unless it is a resend
        long found = index.find(hash, key.from(), key.id(), frames);
        assertEquals(model.getOrDefault(key, 0L), found, "find " + key);
        if (found == 0) {
          long seq = nextSeq++;
          index.put(hash, seq);
          stored.put(seq, key);
          model.put(key, seq);
          hashOf.put(seq, hash);
          live.add(seq);
        }
      } else if (!live.isEmpty()) { // retention: mostly the oldest
        long seq = live.remove(random.nextInt(4) == 0 ? random.nextInt(live.size()) : 0);
        index.remove(hashOf.remove(seq), seq);
        model.remove(stored.remove(seq));
      }
      assertEquals(model.size(), index.size());
    }
    for (Map.Entry<Key, Long> e : model.entrySet()) {
      long hash = 1 + Math.floorMod(index.hash(e.getKey().from(), e.getKey().id()), hashes);
      assertEquals(e.getValue(), index.find(hash, e.getKey().from(), e.getKey().id(), frames));
    }
  }

  @Test
  void growsAndShrinksWithItsEntries() {
    DedupeIndex index = new DedupeIndex(7);
    assertEquals(0, index.capacity(), "a room that stored nothing has no table");
    assertEquals(0, index.find(index.hash("alice", "id1"), "alice", "id1", (q, f, i) -> true));
    for (long seq = 1; seq <= 10_000; seq++) {
      index.put(index.hash("alice", "id" + seq), seq);
    }
    assertTrue(index.capacity() >= 20_000 && index.capacity() <= 32_768, "at most half full: " + index.capacity());
    for (long seq = 1; seq <= 9_990; seq++) {
      index.remove(index.hash("alice", "id" + seq), seq);
    }
    assertEquals(10, index.size());
    assertTrue(index.capacity() <= 128, "shrinks when mostly empty: " + index.capacity());
    for (long seq = 9_991; seq <= 10_000; seq++) {
      long s = seq;
      assertEquals(seq, index.find(index.hash("alice", "id" + seq), "alice", "id" + seq, (q, f, i) -> q == s));
      index.remove(index.hash("alice", "id" + seq), seq);
    }
    assertEquals(0, index.capacity(), "and none once it is empty again");
  }

  @Test
  void hashesAreKeyedAndTellTheTwoFieldsApart() {
    assertNotEquals(new DedupeIndex(1).hash("alice", "x"), new DedupeIndex(2).hash("alice", "x"));
    DedupeIndex index = new DedupeIndex(3);
    assertNotEquals(index.hash("ab", "c"), index.hash("a", "bc"));
    assertNotEquals(index.hash("alice", "x"), index.hash("alice", "y"));
  }

  /** Ids one character apart, at every place and in every length's tail, and 100,000 real ones: no two hashes alike. */
  @Test
  void nearbyAndManyIdsHashApart() {
    DedupeIndex index = new DedupeIndex(11);
    java.util.Set<Long> seen = new java.util.HashSet<>();
    String base = "0b7e2c4e-9f1a-4c3d-8e5f-6a7b8c9d0e1f";
    for (int length = 1; length <= base.length(); length++) {
      String id = base.substring(0, length);
      assertTrue(seen.add(index.hash("alice", id)), id);
      for (int place = 0; place < length; place++) {
        for (char c : new char[] {'0', 'f', '-', '\u00e9', '\u20ac'}) {
          char[] changed = id.toCharArray();
          if (changed[place] != c) {
            changed[place] = c;
            assertTrue(seen.add(index.hash("alice", new String(changed))), new String(changed));
          }
        }
      }
    }
    Random random = new Random(5);
    for (int i = 0; i < 100_000; i++) {
      assertTrue(seen.add(index.hash("bob", new java.util.UUID(random.nextLong(), random.nextLong()).toString())));
    }
  }
}
