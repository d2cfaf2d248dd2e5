package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who sequences a room: the same answer on every node, spread evenly, moved only when its owner goes. */
class RoomOwnersTest {
  private static final Set<String> NODES = Set.of("node-a", "node-b", "node-c");

  private static RoomOwners on(String self, Set<String> live) {
    RoomOwners owners = new RoomOwners(self);
    owners.live(live);
    return owners;
  }

  @Test
  void everyNodePicksTheSameOwner() {
    RoomOwners a = on("node-a", NODES);
    RoomOwners b = on("node-b", NODES);
    RoomOwners c = on("node-c", NODES);
    for (int i = 0; i < 500; i++) {
      String room = "room" + i;
      assertEquals(a.ownerOf(room, 0), b.ownerOf(room, 0), room);
      assertEquals(a.ownerOf(room, 0), c.ownerOf(room, 0), room);
    }
  }

  @Test
  void roomsSpreadOverTheNodes() {
    RoomOwners a = on("node-a", NODES);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 3000; i++) {
      counts.merge(a.ownerOf("room" + i, 0), 1, Integer::sum);
    }
    assertEquals(NODES, counts.keySet());
    counts.values().forEach(n -> assertTrue(n > 800 && n < 1200, "uneven: " + counts));
  }

  @Test
  void aNodesDeathMovesOnlyItsOwnRooms() {
    RoomOwners before = on("node-a", NODES);
    RoomOwners after = on("node-a", NODES);
    after.gone("node-c");
    for (int i = 0; i < 1000; i++) {
      String room = "room" + i;
      String was = before.ownerOf(room, 0);
      String now = after.ownerOf(room, 0);
      if (!was.equals("node-c")) {
        assertEquals(was, now, room + " moved though its owner lives");
      } else {
        assertNotEquals("node-c", now);
      }
    }
  }

  @Test
  void aSuspectOwnerIsPassedOverForAWhileThenTakesItsRoomsBack() {
    RoomOwners a = on("node-a", NODES);
    String room = roomOwnedBy(a, "node-b");
    a.suspect("node-b", 1_000);
    assertNotEquals("node-b", a.ownerOf(room, 1_000 + RoomOwners.SUSPECT_MS - 1));
    assertEquals("node-b", a.ownerOf(room, 1_000 + RoomOwners.SUSPECT_MS));
  }

  @Test
  void thisNodeIsNeverSuspectedOrDropped() {
    RoomOwners a = on("node-a", Set.of());
    a.gone("node-a");
    a.suspect("node-a", 0);
    assertEquals("node-a", a.ownerOf("lobby", 0));
  }

  private static String roomOwnedBy(RoomOwners owners, String node) {
    for (int i = 0; ; i++) {
      if (owners.ownerOf("room" + i, 0).equals(node)) {
        return "room" + i;
      }
    }
  }
}
