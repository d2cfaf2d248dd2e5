package dev.chatroom.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;

/**
 * Version 2's outbound side, without sockets: typed lines wait (bounded) in order; the head is
 * sealed once its room is ready; sealed frames stay pending, exactly as sent, until acked.
 * The resend rule (PROTOCOL.md section 11): after a reconnect every pending frame goes again,
 * in the order first sent, byte for byte, so the relay's (room, from, id) dedupe holds.
 * {@link #reserve}/{@link #tryReserve} may be called from any thread; the rest on the event loop.
 */
final class SendQueue {
  /** A typed line for {@code room} (null: a command that needs only the connection). */
  record Outgoing(String room, String line, Command command) {}

  /** A frame sent and not yet acked; {@code line} is null for a frame that only carries keys. */
  record Pending(String id, String room, String line, byte[] bytes) {}

  private final Semaphore space;
  private final int limit;
  private final Deque<Outgoing> queued = new ArrayDeque<>();
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private Outgoing sealing;

  SendQueue(int limit) {
    this.limit = limit;
    this.space = new Semaphore(limit);
  }

  int limit() { return limit; }

  /** A place in the queue, if one is free now. */
  boolean tryReserve() { return space.tryAcquire(); }

  /** Waits for a place in the queue: a script cannot outrun the relay. */
  void reserve() throws InterruptedException { space.acquire(); }

  /** Queues a line whose place was reserved. */
  void add(Outgoing o) { queued.addLast(o); }

  /**
   * The head of the queue when nothing is being sealed and {@code ready} accepts its room (so
   * lines keep their order across rooms), else null. It counts as sealing until {@link #sealed}.
   */
  Outgoing next(Predicate<String> ready) {
    return nextWhere(o -> ready.test(o.room()));
  }

  /** As {@link #next}, asking {@code ready} about the whole line (exit seals private lines too). */
  Outgoing nextWhere(Predicate<Outgoing> ready) {
    Outgoing head = queued.peekFirst();
    if (sealing != null || head == null || !ready.test(head)) {
      return null;
    }
    queued.pollFirst();
    space.release();
    sealing = head;
    return head;
  }

  /** The line being sealed is done: its frames (maybe none, when it was refused) are pending. */
  void sealed(List<Pending> frames) {
    sealing = null;
    for (Pending p : frames) {
      pending.put(p.id(), p);
    }
  }

  boolean isSealing() { return sealing != null; }

  /** Frames of an earlier run, not yet acked: pending before anything typed in this one. */
  void restore(List<Pending> frames) {
    frames.forEach(p -> pending.put(p.id(), p));
  }

  /** The pending frame {@code id}, or null once it is settled. */
  Pending pending(String id) { return pending.get(id); }

  /** The relay stored it (or refused it, with an error naming its id): no resend. */
  Pending settled(String id) { return pending.remove(id); }

  /** Every pending frame, oldest first: what a reconnect sends again, unchanged. */
  List<Pending> toResend() { return List.copyOf(pending.values()); }

  /** Drops what can no longer be sent to {@code room} (parted); returns its lines. */
  List<String> dropRoom(String room) {
    List<String> lines = new ArrayList<>();
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (room.equals(p.room())) {
        it.remove();
        if (p.line() != null) {
          lines.add(p.line());
        }
      }
    }
    for (Iterator<Outgoing> it = queued.iterator(); it.hasNext(); ) {
      Outgoing o = it.next();
      if (room.equals(o.room())) {
        it.remove();
        space.release();
        lines.add(o.line());
      }
    }
    return lines;
  }

  /** Every line not yet acked: pending, being sealed, queued, in that order. */
  List<String> unsent() {
    List<String> lines = new ArrayList<>();
    pending.values().forEach(p -> { if (p.line() != null) lines.add(p.line()); });
    if (sealing != null) {
      lines.add(sealing.line());
    }
    queued.forEach(o -> lines.add(o.line()));
    return lines;
  }

  int queuedCount() { return queued.size(); }

  int pendingCount() { return pending.size(); }

  /** Nothing queued, sealing or waiting for an ack. */
  boolean isDrained() { return queued.isEmpty() && sealing == null && pending.isEmpty(); }
}
