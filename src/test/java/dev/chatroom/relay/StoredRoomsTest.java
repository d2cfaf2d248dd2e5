package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The membership index without a store: a room of one keeps its nick alone, and nothing else changes. */
class StoredRoomsTest {
  @Test
  void aRoomGoesFromOneMemberToTwoAndBack() {
    StoredRooms rooms = new StoredRooms();
    rooms.add("ops", "alice");
    rooms.add("ops", "alice"); // again: no second entry
    assertEquals(1, rooms.count("ops"));
    assertEquals(1, rooms.size());
    assertTrue(rooms.isMember("ops", "alice"));
    assertFalse(rooms.isMember("ops", "bob"));
    rooms.add("ops", "bob");
    assertEquals(Set.of("alice", "bob"), rooms.members("ops"));
    rooms.remove("ops", "alice");
    assertEquals(Set.of("bob"), rooms.members("ops"));
    assertTrue(rooms.hasMembers("ops"));
    rooms.remove("ops", "carol"); // not a member: nothing happens
    assertEquals(1, rooms.size());
    rooms.remove("ops", "bob");
    assertFalse(rooms.hasMembers("ops"));
    assertEquals(0, rooms.count("ops"));
    assertEquals(Set.of(), rooms.members("ops"));
    assertEquals(0, rooms.size());
  }

  @Test
  void removeNickTakesItFromEveryRoom() {
    StoredRooms rooms = new StoredRooms();
    rooms.add("a", "alice");
    rooms.add("b", "alice");
    rooms.add("b", "bob");
    rooms.removeNick("alice");
    assertFalse(rooms.hasMembers("a"));
    assertEquals(Set.of("bob"), rooms.members("b"));
    assertEquals(1, rooms.size());
  }

  /** Random adds and removes agree with a plain map of sets, room by room. */
  @ParameterizedTest
  @ValueSource(longs = {7, 8, 9, 2024})
  void agreesWithAMapOfSets(long seed) {
    Random random = new Random(seed);
    StoredRooms rooms = new StoredRooms();
    Map<String, Set<String>> model = new HashMap<>();
    for (int step = 0; step < 3000; step++) {
      String room = "r" + random.nextInt(6);
      String nick = "n" + random.nextInt(5);
      if (random.nextBoolean()) {
        rooms.add(room, nick);
        model.computeIfAbsent(room, r -> new HashSet<>()).add(nick);
      } else {
        rooms.remove(room, nick);
        Set<String> m = model.get(room);
        if (m != null && m.remove(nick) && m.isEmpty()) {
          model.remove(room);
        }
      }
      assertEquals(model.keySet(), rooms.rooms());
      assertEquals(model.values().stream().mapToInt(Set::size).sum(), rooms.size());
      for (int r = 0; r < 6; r++) {
        Set<String> expected = model.getOrDefault("r" + r, Set.of());
        assertEquals(expected, rooms.members("r" + r));
        assertEquals(expected.size(), rooms.count("r" + r));
        assertEquals(expected.contains(nick), rooms.isMember("r" + r, nick));
      }
    }
  }
}
