package dev.chatroom.bench;

import java.time.Duration;

/**
 * What one load run does: {@code roomSize} members join one room, the first {@code senders} of
 * them send to every other member at {@code ratePerSecond} in total (0 = saturate, each sender
 * keeping at most {@code window} messages undelivered), {@code payloadBytes} of JSON payload.
 */
public record Workload(int roomSize, int senders, double ratePerSecond, int payloadBytes,
                       Duration warmup, Duration duration, boolean realCrypto, int rsaBits,
                       int window) {
  public static final String ROOM = "bench";

  public Workload {
    if (roomSize < 2) {
      throw new IllegalArgumentException("--room-size must be at least 2");
    }
    if (senders < 1 || senders > roomSize) {
      throw new IllegalArgumentException("--senders must be between 1 and the room size");
    }
    if (ratePerSecond < 0 || payloadBytes < 12 || window < 1) {
      throw new IllegalArgumentException("--rate must be positive, --payload-bytes at least 12");
    }
  }

  public boolean saturate() { return ratePerSecond == 0; }

  /** The same workload with placeholder ciphertexts: real crypto is for version 1 only. */
  Workload withoutRealCrypto() {
    return new Workload(roomSize, senders, ratePerSecond, payloadBytes, warmup, duration, false, rsaBits, window);
  }

  /** The same workload warmed and measured for other times. */
  Workload withTimes(Duration warmupTime, Duration measured) {
    return new Workload(roomSize, senders, ratePerSecond, payloadBytes, warmupTime, measured, realCrypto, rsaBits, window);
  }

  /** Senders when none are given: all up to 10 members, 10 up to 100, then 2 (sender keys are O(N^2) bytes). */
  public static int defaultSenders(int roomSize) {
    return roomSize <= 10 ? roomSize : roomSize <= 100 ? 10 : 2;
  }

  /** About 4000 deliveries in flight in all, between 1 and 256 messages per sender. */
  public static int defaultWindow(int roomSize, int senders) {
    return Math.max(1, Math.min(256, 4000 / (senders * (roomSize - 1))));
  }

  static String nick(int member) { return "m" + member; }
}
