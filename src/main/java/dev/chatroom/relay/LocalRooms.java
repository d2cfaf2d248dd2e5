package dev.chatroom.relay;

import dev.chatroom.protocol.Frame;
import java.util.HashMap;
import java.util.Map;

/**
 * The connections on this node, by room and nick (version 1 members and version 2 sessions
 * online here): where a frame for a room is written on this node.
 */
final class LocalRooms {
  private final Map<String, Map<String, Connection>> byRoom = new HashMap<>();

  /** The connections in {@code room}, by nick (not to be changed by the caller); an empty map when there are none. */
  Map<String, Connection> in(String room) {
    Map<String, Connection> local = byRoom.get(room);
    return local == null ? Map.of() : local;
  }

  /**
   * Membership or presence news of {@code room} to every connection in it but {@code except}'s:
   * version 1 ones get {@code toV1}, version 2 ones {@code toV2} (held until their welcome).
   */
  void tellOthers(String room, String except, Frame toV1, Frame toV2) {
    in(room).forEach((nick, c) -> {
      if (!nick.equals(except)) {
        c.sendRoomNews(room, toV1, toV2);
      }
    });
  }

  /** The rooms with a connection here, as a copy. */
  java.util.List<String> rooms() { return java.util.List.copyOf(byRoom.keySet()); }

  // a room with one connection here (common: a member's own room) holds an immutable map of one,
  // 24 bytes where a HashMap costs over 100; a second connection turns it into a HashMap
  void add(String room, String nick, Connection c) {
    Map<String, Connection> local = byRoom.get(room);
    if (local == null || local.size() == 1 && local.containsKey(nick)) {
      byRoom.put(room, Map.of(nick, c));
    } else if (local instanceof HashMap<String, Connection> many) {
      many.put(nick, c);
    } else {
      Map<String, Connection> many = new HashMap<>(4);
      many.putAll(local);
      many.put(nick, c);
      byRoom.put(room, many);
    }
  }

  /** Removes {@code c}, and only {@code c}: a newer connection holding the nick stays. */
  void remove(String room, String nick, Connection c) {
    Map<String, Connection> local = byRoom.get(room);
    if (local == null || local.get(nick) != c) {
      return;
    }
    if (local.size() == 1) {
      byRoom.remove(room);
      return;
    }
    local.remove(nick);
    if (local.size() == 1) { // back to one: the small form
      var only = local.entrySet().iterator().next();
      byRoom.put(room, Map.of(only.getKey(), only.getValue()));
    }
  }
}
