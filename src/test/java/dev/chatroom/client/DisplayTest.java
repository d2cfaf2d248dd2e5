package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.Payload;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisplayTest {

  @Test
  void formatsTheThreeKindsOfMessage() {
    assertEquals("alice: hi", Display.format("alice", new Payload("hi", false, false)));
    assertEquals("* alice waves", Display.format("alice", new Payload("waves", true, false)));
    assertEquals("[private] alice: psst", Display.format("alice", new Payload("psst", false, true)));
    assertEquals("[private] * alice winks", Display.format("alice", new Payload("winks", true, true)));
  }

  @Test
  void neutralisesTerminalControlButKeepsWideAndCombinedText() {
    assertEquals("a\uFFFD]0;pwned\uFFFDb\uFFFDc", Display.safe("a\u001b]0;pwned\u0007b\nc"));
    assertEquals("x\uFFFDy", Display.safe("x\u202ey"));
    String emoji = "你好 👍🏽 👨‍👩‍👧 e\u0301";
    assertEquals(emoji, Display.safe(emoji));
  }

  @Test
  void mentionsAreWholeNicksInAnyCase() {
    assertTrue(Display.mentions("hey Bob, look", "bob"));
    assertTrue(Display.mentions("bob", "bob"));
    assertFalse(Display.mentions("bobby tables", "bob"));
    assertFalse(Display.mentions("jim-bob", "bob"));
  }

  @Test
  void backoffGrowsToThirtySecondsWithJitter() {
    Backoff low = new Backoff(() -> 0.0);
    Backoff high = new Backoff(() -> 1.0);
    long[] lows = new long[8];
    long[] highs = new long[8];
    for (int i = 0; i < 8; i++) {
      lows[i] = low.nextDelayMs();
      highs[i] = high.nextDelayMs();
    }
    assertEquals(800, lows[0]);
    assertEquals(1200, highs[0]);
    assertEquals(1600, lows[1]);
    assertEquals(30_000, highs[7]);
    assertEquals(12_800, lows[4]);
    assertEquals(24_000, lows[5]); // 32 s capped at 30 s, then jittered
    low.reset();
    assertEquals(800, low.nextDelayMs());
  }

  @Test
  void parsesServerLists() {
    assertEquals(List.of(new ServerAddress("a.example", 7878), new ServerAddress("::1", 9000)),
        ServerAddress.parseList("a.example:7878, [::1]:9000"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServerAddress.parseList("localhost"));
    assertEquals("server 'localhost' must be HOST:PORT", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse("h:70000"));
  }
}
