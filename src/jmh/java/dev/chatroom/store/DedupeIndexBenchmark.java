package dev.chatroom.store;

import java.util.UUID;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The memory store's resend index as a saturated room uses it: 10,000 frames retained, and per
 * frame stored a hash of (from, id), a lookup that misses, an insert, and the oldest removed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DedupeIndexBenchmark {
  private static final int RETAINED = 10_000;
  private static final int IDS = 1 << 16;

  private final String[] ids = new String[IDS];
  private final long[] hashes = new long[RETAINED];
  private DedupeIndex index;
  private long seq;

  @Setup
  public void setup() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < IDS; i++) {
      ids[i] = new UUID(random.nextLong(), random.nextLong()).toString();
    }
    index = new DedupeIndex(7);
    for (seq = 1; seq <= RETAINED; seq++) {
      hashes[(int) (seq % RETAINED)] = index.hash("m0-r1", ids[(int) (seq % IDS)]);
      index.put(hashes[(int) (seq % RETAINED)], seq);
    }
  }

  @Benchmark
  public long storeOneFrame() {
    int slot = (int) (seq % RETAINED);
    index.remove(hashes[slot], seq - RETAINED);
    String id = ids[(int) (seq % IDS)];
    long hash = index.hash("m0-r1", id);
    long found = index.find(hash, "m0-r1", id, (s, f, i) -> false);
    index.put(hash, seq);
    hashes[slot] = hash;
    seq++;
    return found;
  }
}
