package dev.chatroom.relay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The bound on the bytes queued for all clients of a node together: without it, 10,000 readers
 * that stop reading could each hold a full write queue. Bytes count from the moment they are
 * handed to a socket until the socket has written them (or is gone). A line relayed to many
 * recipients is one buffer they share and counts once while any socket holds it
 * ({@link SharedLine}), so the sum is the memory held. Each reader's own count
 * ({@link ClientOutput#inSocket}) includes the lines it shares: cutting it frees less than that
 * when others are behind on the same lines, and the next check cuts again.
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

  /**
   * Whom to cut, largest queue first, so that what stays queued fits the budget again: the
   * slowest readers go, those that keep up keep their connection.
   */
  static <T> List<T> victims(Collection<T> all, ToLongFunction<T> queuedBytes, long total, long limit) {
    List<T> cut = new ArrayList<>();
    if (total <= limit) {
      return cut;
    }
    List<T> byQueue = new ArrayList<>();
    for (T t : all) {
      if (queuedBytes.applyAsLong(t) > 0) {
        byQueue.add(t);
      }
    }
    byQueue.sort(Comparator.comparingLong(queuedBytes).reversed());
    for (T t : byQueue) {
      if (total <= limit) {
        break;
      }
      cut.add(t);
      total -= queuedBytes.applyAsLong(t);
    }
    return cut;
  }
}
