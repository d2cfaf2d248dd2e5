package dev.chatroom.relay;

import java.util.HashMap;
import java.util.Map;

/**
 * The connections on this node, by room and nick (version 1 members and version 2 sessions
 * online here): where a frame for a room is written on this node.
 */
final class LocalRooms {
  private final Map<String, Map<String, Connection>> byRoom = new HashMap<>();

  /** The connections in {@code room}, by nick; an empty map when there are none. */
  Map<String, Connection> in(String room) {
    Map<String, Connection> local = byRoom.get(room);
    return local == null ? Map.of() : local;
  }

  /** The rooms with a connection here, as a copy. */
  java.util.List<String> rooms() { return java.util.List.copyOf(byRoom.keySet()); }

  void add(String room, String nick, Connection c) {
    // sized for one: many rooms hold one connection here, and a 16-slot table costs 56 bytes more
    byRoom.computeIfAbsent(room, r -> new HashMap<>(2)).put(nick, c);
  }

  /** Removes {@code c}, and only {@code c}: a newer connection holding the nick stays. */
  void remove(String room, String nick, Connection c) {
    Map<String, Connection> local = byRoom.get(room);
    if (local != null && local.get(nick) == c) {
      local.remove(nick);
      if (local.isEmpty()) {
        byRoom.remove(room);
      }
    }
  }
}
