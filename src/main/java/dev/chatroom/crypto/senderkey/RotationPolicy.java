package dev.chatroom.crypto.senderkey;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * When a sender must start a new epoch before its next message (section 12, "Senders"): a
 * holder left or parted, a holder's keys changed or stopped being trusted, 1,000 messages,
 * 7 days. Pure apart from the injected clock.
 */
public final class RotationPolicy {
  public static final int MAX_MESSAGES_PER_EPOCH = 1_000;
  public static final Duration MAX_EPOCH_AGE = Duration.ofDays(7);

  private final Clock clock;

  public RotationPolicy(Clock clock) {
    this.clock = clock;
  }

  /**
   * Why {@code epoch} (null: none yet) must not seal the next message for the room whose
   * current members are {@code members}, or empty if it may.
   */
  public Optional<RotationReason> reason(EpochFacts epoch, Collection<MemberView> members) {
    return reason(epoch, members.stream()
        .collect(Collectors.toMap(MemberView::nick, Function.identity(), (a, b) -> b)));
  }

  /** The same, with the room's members already by nick (as a client's roster holds them). */
  public Optional<RotationReason> reason(EpochFacts epoch, Map<String, MemberView> byNick) {
    if (epoch == null) {
      return Optional.of(RotationReason.NONE_YET);
    }
    if (epoch.holderDeparted()) {
      return Optional.of(RotationReason.MEMBER_LEFT);
    }
    for (var holder : epoch.holders().entrySet()) {
      MemberView now = byNick.get(holder.getKey());
      if (now == null) {
        // A departure we were not told about still means a holder is gone.
        return Optional.of(RotationReason.MEMBER_LEFT);
      }
      if (!now.fingerprint().equals(holder.getValue())) {
        return Optional.of(RotationReason.KEYS_CHANGED);
      }
      if (!now.trusted()) {
        return Optional.of(RotationReason.TRUST_WITHDRAWN);
      }
    }
    if (epoch.messagesSent() >= MAX_MESSAGES_PER_EPOCH) {
      return Optional.of(RotationReason.MESSAGE_LIMIT);
    }
    if (clock.millis() - epoch.startedMillis() >= MAX_EPOCH_AGE.toMillis()) {
      return Optional.of(RotationReason.AGE_LIMIT);
    }
    return Optional.empty();
  }
}
