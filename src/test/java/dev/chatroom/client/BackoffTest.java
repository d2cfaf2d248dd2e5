package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void growsToThirtySecondsWithJitter() {
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
  }

  @Test
  void resetStartsAgainFromAboutOneSecond() {
    Backoff low = new Backoff(() -> 0.0);
    for (int i = 0; i < 5; i++) {
      low.nextDelayMs();
    }
    low.reset();
    assertEquals(800, low.nextDelayMs());
  }
}
