package dev.chatroom.client;

import dev.chatroom.protocol.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deliveries of a room we asked to join that came before its welcome. Our relay never sends
 * them so, but the protocol does not forbid it, and without the welcome's members they could
 * not be checked; they wait (a few, in all rooms together) and are read right after it.
 */
final class EarlyDeliveries {
  static final int MAX_HELD = 32; // a hostile relay's frames are up to 1 MiB each

  private final Map<String, List<Frame.Delivery>> byRoom = new HashMap<>();
  private int held;

  /** Keeps {@code d} for its room's welcome; false when as many are held already. */
  boolean hold(Frame.Delivery d) {
    if (held >= MAX_HELD) {
      return false;
    }
    byRoom.computeIfAbsent(d.room(), r -> new ArrayList<>()).add(d);
    held++;
    return true;
  }

  /** What {@code room} holds, in arrival order, and forgets it (its welcome came, or the join was refused). */
  List<Frame.Delivery> take(String room) {
    List<Frame.Delivery> out = byRoom.remove(room);
    if (out == null) {
      return List.of();
    }
    held -= out.size();
    return out;
  }

  /** A new connection: what it needs comes again after its welcomes. */
  void clear() {
    byRoom.clear();
    held = 0;
  }
}
