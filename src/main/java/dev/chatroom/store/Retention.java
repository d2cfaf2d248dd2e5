package dev.chatroom.store;

import java.time.Duration;

/**
 * How much history a room keeps (PROTOCOL.md section 11): its last {@code maxFramesPerRoom}
 * frames, none stored more than {@code maxAge} ago; a sender_key stays while a kept
 * group_message has its from and epoch.
 */
public record Retention(int maxFramesPerRoom, Duration maxAge) {
  public static final Retention DEFAULT = new Retention(10_000, Duration.ofDays(30));

  public Retention {
    if (maxFramesPerRoom < 1 || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("retention must keep at least one frame for some time");
    }
  }
}
