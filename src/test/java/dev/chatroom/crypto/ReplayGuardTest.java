package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {

  @Test
  void remembersIdsPerSender() {
    ReplayGuard guard = new ReplayGuard();
    assertTrue(guard.firstSight("alice k1", "id-1", 1000));
    assertFalse(guard.firstSight("alice k1", "id-1", 1000));
    assertTrue(guard.firstSight("bob k2", "id-1", 1000), "ids are per sender");
  }

  @Test
  void forgottenIdsStayRejectedThroughTheFloor() {
    ReplayGuard guard = new ReplayGuard(3, 10);
    for (int i = 1; i <= 5; i++) {
      assertTrue(guard.firstSight("a", "id-" + i, i * 1000L));
    }
    // id-1 and id-2 were forgotten; their timestamps are at or below the floor.
    assertFalse(guard.firstSight("a", "id-1", 1000));
    assertFalse(guard.firstSight("a", "id-2", 2000));
    assertFalse(guard.firstSight("a", "id-5", 5000));
    assertTrue(guard.firstSight("a", "id-6", 6000));
  }

  @Test
  void boundsTheNumberOfSenders() {
    ReplayGuard guard = new ReplayGuard(3, 2);
    guard.firstSight("a", "x", 1);
    guard.firstSight("b", "x", 1);
    guard.firstSight("c", "x", 1);
    assertTrue(guard.firstSight("a", "x", 1), "the least recent sender was forgotten");
  }
}
