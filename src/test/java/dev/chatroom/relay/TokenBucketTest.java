package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rate limit on an injected clock: no sleeps, exact refill arithmetic. */
class TokenBucketTest {
  private static final long START = 1_000_000_000_000L; // any nanoTime origin, even a large one
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void aFullBucketGivesItsBurstThenRefuses() {
    TokenBucket bucket = new TokenBucket(1, 5, START);
    for (int i = 0; i < 5; i++) {
      assertTrue(bucket.tryTake(START), "token " + i);
    }
    assertFalse(bucket.tryTake(START));
  }

  @Test
  void oneTokenComesBackPerPeriod() {
    TokenBucket bucket = new TokenBucket(2, 1, START); // one token every 500 ms
    assertTrue(bucket.tryTake(START));
    assertFalse(bucket.tryTake(START + SECOND / 2 - 1), "just before the refill");
    assertTrue(bucket.tryTake(START + SECOND / 2), "exactly at the refill");
    assertFalse(bucket.tryTake(START + SECOND / 2));
  }

  @Test
  void refusedTriesDoNotDelayTheRefill() {
    TokenBucket bucket = new TokenBucket(1, 1, START);
    assertTrue(bucket.tryTake(START));
    for (long t = START; t < START + SECOND; t += SECOND / 10) {
      assertFalse(bucket.tryTake(t), "at +" + (t - START) + " ns");
    }
    assertTrue(bucket.tryTake(START + SECOND));
  }

  @Test
  void aLongIdleRefillsOnlyUpToTheBurst() {
    TokenBucket bucket = new TokenBucket(10, 3, START);
    for (int i = 0; i < 3; i++) {
      assertTrue(bucket.tryTake(START));
    }
    long later = START + 3600 * SECOND;
    for (int i = 0; i < 3; i++) {
      assertTrue(bucket.tryTake(later), "token " + i);
    }
    assertFalse(bucket.tryTake(later), "an hour idle is worth the burst, not 36000 frames");
  }

  @Test
  void fractionalRatesAccumulate() {
    TokenBucket bucket = new TokenBucket(0.5, 1, START); // one token every two seconds
    assertTrue(bucket.tryTake(START));
    assertFalse(bucket.tryTake(START + SECOND));
    assertTrue(bucket.tryTake(START + 2 * SECOND));
  }

  @Test
  void extremeSettingsDoNotOverflow() {
    long nearWrap = Long.MAX_VALUE - SECOND; // nanoTime may be anywhere, even about to wrap
    TokenBucket slow = new TokenBucket(1e-3, 1_000_000, nearWrap); // one token per 1000 s
    for (int i = 0; i < 1_000_000; i++) {
      assertTrue(slow.tryTake(nearWrap + i), "token " + i);
    }
    assertFalse(slow.tryTake(nearWrap + 2 * SECOND), "across the wrap, still empty");
    TokenBucket fast = new TokenBucket(1e12, 1, nearWrap); // faster than the clock ticks
    assertTrue(fast.tryTake(nearWrap));
    assertTrue(fast.tryTake(nearWrap + 1));
    assertTrue(fast.tryTake(nearWrap + 2 * SECOND), "across the wrap");
  }

  @Test
  void anAbsurdlySlowRateFailsClosed() {
    TokenBucket bucket = new TokenBucket(1e-15, 3, START); // decades per token: capped, never faster
    assertTrue(bucket.tryTake(START));
    assertFalse(bucket.tryTake(START + 3600 * SECOND));
  }
}
