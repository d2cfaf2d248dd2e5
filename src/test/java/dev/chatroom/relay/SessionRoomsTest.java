package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionRoomsTest {
  @Test
  void aFreshSessionHoldsNoRoomsAndLooksUpNothing() {
    SessionRooms rooms = new SessionRooms();
    assertEquals(0, rooms.size());
    assertNull(rooms.get("lobby"));
    assertFalse(rooms.contains("lobby"));
    assertFalse(rooms.remove("lobby"));
    assertEquals(List.of(), rooms.names());
  }

  @Test
  void putReplacesTheCursorOfTheSameRoom() {
    SessionRooms rooms = new SessionRooms();
    RoomCursor first = new RoomCursor("ops", 3, false);
    RoomCursor second = new RoomCursor("ops", 7, true);
    rooms.put(first);
    rooms.put(second);
    assertEquals(1, rooms.size());
    assertSame(second, rooms.get("ops"));
  }

  @Test
  void namesAreACopyTheCallerMayWalkWhileRoomsChange() {
    SessionRooms rooms = new SessionRooms();
    rooms.put(new RoomCursor("b", 0, true));
    rooms.put(new RoomCursor("a", 0, true));
    List<String> names = rooms.names();
    for (String room : names) {
      rooms.remove(room);
    }
    assertEquals(List.of("a", "b"), names);
    assertEquals(0, rooms.size());
  }

  /** Any order of puts and removes leaves the same rooms, in the same order, as a TreeMap would. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234})
  void behavesLikeASortedMap(long seed) {
    Random random = new Random(seed);
    SessionRooms rooms = new SessionRooms();
    TreeMap<String, RoomCursor> model = new TreeMap<>();
    for (int step = 0; step < 2000; step++) {
      String room = "r" + random.nextInt(40);
      if (random.nextInt(3) == 0) {
        assertEquals(model.remove(room) != null, rooms.remove(room), room);
      } else {
        RoomCursor c = new RoomCursor(room, step, random.nextBoolean());
        model.put(room, c);
        rooms.put(c);
      }
      assertEquals(new ArrayList<>(model.keySet()), rooms.names());
      String probe = "r" + random.nextInt(40);
      assertSame(model.get(probe), rooms.get(probe));
      assertEquals(model.containsKey(probe), rooms.contains(probe));
    }
    assertEquals(new ArrayList<>(model.values()), rooms.all());
    assertEquals(model.size(), rooms.size());
  }
}
