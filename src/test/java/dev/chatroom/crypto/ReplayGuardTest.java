package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
  static final long NOW = 1_764_130_000_000L;
  static final long MINUTE = 60_000;

  @Test
  void remembersIdsPerSender() {
    ReplayGuard guard = new ReplayGuard();
    assertTrue(guard.firstSight("alice k1", "id-1", NOW, NOW));
    assertFalse(guard.firstSight("alice k1", "id-1", NOW, NOW + 1));
    assertTrue(guard.firstSight("bob k2", "id-1", NOW, NOW), "ids are per sender");
    assertTrue(guard.firstSight("alice k3", "id-1", NOW, NOW), "a new key of the same nick is another sender");
  }

  /** The attack the shipped guard lost to: it forgot the least recent of 10,000 senders. */
  @Test
  void tenThousandInventedSendersDoNotMakeItForgetARealOne() {
    ReplayGuard guard = new ReplayGuard();
    assertTrue(guard.firstSight("alice kA", "real", NOW, NOW));
    for (int i = 0; i < 10_000; i++) {
      assertTrue(guard.firstSight("invented" + i + " k" + i, "id", NOW + 1 + i, NOW + 1 + i));
    }
    assertFalse(guard.firstSight("alice kA", "real", NOW, NOW + 10_001), "the real one is still known");
  }

  @Test
  void pastTheBoundItRefusesWhatItForgotInsteadOfAcceptingIt() {
    ReplayGuard guard = new ReplayGuard();
    assertTrue(guard.firstSight("alice kA", "real", NOW, NOW));
    int flood = ReplayGuard.MAX_IDS * 3 / 2;
    for (int i = 0; i < flood; i++) {
      guard.firstSight("invented" + i + " k" + i, "id", NOW + 1 + i, NOW + 1 + i);
    }
    assertEquals(ReplayGuard.MAX_IDS, guard.size(), "memory stays bounded");
    assertTrue(guard.floor() >= NOW, "the floor rose over the forgotten ids");
    assertFalse(guard.firstSight("alice kA", "real", NOW, NOW + flood), "forgotten, yet refused");
    long lastForgotten = NOW + flood - ReplayGuard.MAX_IDS;
    assertFalse(guard.firstSight("invented0 k0", "id", NOW + 1, NOW + flood));
    assertFalse(guard.firstSight("late kL", "new", lastForgotten, NOW + flood),
        "a genuine message older than what it holds is refused too: fail closed");
    assertTrue(guard.firstSight("alice kA", "next", NOW + flood, NOW + flood), "fresh ones pass");
  }

  @Test
  void forgetsByAgeAndStillRefusesWhatItForgot() {
    ReplayGuard guard = new ReplayGuard();
    assertTrue(guard.firstSight("a k", "old", NOW, NOW));
    long later = NOW + 11 * MINUTE;
    assertTrue(guard.firstSight("a k", "new", later, later));
    assertEquals(1, guard.size(), "ids older than the window are dropped");
    // Even if our clock jumps back so the old id looks fresh again, the floor refuses it.
    assertFalse(guard.firstSight("a k", "old", NOW, NOW + MINUTE));
  }

  @Test
  void absorbTakesTheUnionAndTheHigherFloor() {
    ReplayGuard mine = new ReplayGuard();
    ReplayGuard theirs = new ReplayGuard();
    mine.firstSight("a k", "1", NOW, NOW);
    theirs.firstSight("b k", "2", NOW + 5, NOW + 5);
    mine.absorb(NOW - 7, theirs.entries());
    assertEquals(NOW - 7, mine.floor());
    assertFalse(mine.firstSight("b k", "2", NOW + 5, NOW + 6));
    assertFalse(mine.firstSight("a k", "1", NOW, NOW + 6));
    assertEquals(List.of(), new ReplayGuard().entries());
  }
}
