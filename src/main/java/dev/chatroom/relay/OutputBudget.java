package dev.chatroom.relay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The bound on the bytes queued for all clients of a node together: without it, 10,000 readers
 * that stop reading could each hold a full write queue. Bytes count from the moment they are
 * handed to a socket until the socket has written them (or is gone). A line relayed to many
 * recipients is one buffer they share and counts once while any socket holds it
 * ({@link SharedLine}), so the sum is the memory held. Cutting a reader frees its own bytes
 * and only those shared lines no other socket holds: {@link #victims} counts exactly that.
 */
final class OutputBudget {
  private final long limit;
  private long queued;

  OutputBudget(long limit) {
    this.limit = limit;
  }

  void add(long bytes) { queued += bytes; }

  void remove(long bytes) { queued -= bytes; }

  long queued() { return queued; }

  long limit() { return limit; }

  boolean exceeded() { return queued > limit; }

  /**
   * Whether {@code bytes} more (a connection's queued bytes and its next frame) stay an eighth
   * below the limit: version 2 rooms pause their live frames (read from the store later) rather
   * than let the budget cut their readers.
   */
  boolean hasRoomFor(long bytes) { return queued + bytes <= limit - limit / 8; }

  /** What the budget knows of a connection when it chooses whom to cut. */
  interface Queued {
    /** Bytes its socket holds for it, the shared lines included. */
    long queuedBytes();

    /** Of those, the bytes that are its own: everything but the shared lines. */
    long ownQueuedBytes();

    /** Each shared line its socket holds, once per write that holds it. */
    void forEachSharedLine(Consumer<SharedLine> each);
  }

  /**
   * Whom to cut so that what stays queued fits the budget again, as few as it takes. A shared
   * line is freed only when every socket holding it is cut, so the readers whose cut alone frees
   * the most go first (largest queue first among equals); readers behind on the same lines go
   * together, slowest first. Then a cut that the others made needless is spared, the last
   * chosen first. Runs at most every 10 ms, and only past the budget.
   */
  static <T extends Queued> List<T> victims(Collection<T> all, long total, long limit) {
    List<T> cut = new ArrayList<>();
    if (total <= limit) {
      return cut;
    }
    List<T> candidates = new ArrayList<>();
    Map<T, Long> alone = new IdentityHashMap<>();
    for (T t : all) {
      if (t.queuedBytes() > 0) {
        candidates.add(t);
        alone.put(t, freedAlone(t));
      }
    }
    candidates.sort(Comparator.<T>comparingLong(alone::get).thenComparingLong(Queued::queuedBytes).reversed());
    Map<SharedLine, int[]> holders = new IdentityHashMap<>(); // writes that would still hold each line
    for (T t : candidates) {
      if (total <= limit) {
        break;
      }
      cut.add(t);
      total -= release(t, holders);
    }
    for (int i = cut.size() - 1; i >= 0; i--) {
      long back = heldAgain(cut.get(i), holders);
      if (total + back <= limit) {
        restore(cut.remove(i), holders);
        total += back;
      }
    }
    return cut;
  }

  /** What cutting {@code t} and nobody else frees: its own bytes and the lines no other write holds. */
  private static long freedAlone(Queued t) {
    long[] freed = {t.ownQueuedBytes()};
    t.forEachSharedLine(line -> {
      if (line.inSockets() == 1) {
        freed[0] += line.length();
      }
    });
    return freed[0];
  }

  /** Counts {@code t} as cut: what that frees, given those already counted. */
  private static long release(Queued t, Map<SharedLine, int[]> holders) {
    long[] freed = {t.ownQueuedBytes()};
    t.forEachSharedLine(line -> {
      if (--holders.computeIfAbsent(line, l -> new int[] {l.inSockets()})[0] == 0) {
        freed[0] += line.length();
      }
    });
    return freed[0];
  }

  /** What sparing {@code t} keeps queued again: its own bytes and the lines only the cut held. */
  private static long heldAgain(Queued t, Map<SharedLine, int[]> holders) {
    long[] back = {t.ownQueuedBytes()};
    Set<SharedLine> again = Collections.newSetFromMap(new IdentityHashMap<>());
    t.forEachSharedLine(line -> {
      if (holders.get(line)[0] == 0 && again.add(line)) {
        back[0] += line.length();
      }
    });
    return back[0];
  }

  private static void restore(Queued t, Map<SharedLine, int[]> holders) {
    t.forEachSharedLine(line -> holders.get(line)[0]++);
  }
}
