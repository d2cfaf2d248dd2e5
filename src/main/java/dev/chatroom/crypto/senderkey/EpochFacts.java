package dev.chatroom.crypto.senderkey;

import dev.chatroom.crypto.Fingerprint;
import java.util.Map;

/** A snapshot of my epoch in a room, for the pure rotation and distribution rules. */
public record EpochFacts(long startedMillis, long messagesSent, Map<String, Fingerprint> holders,
                         boolean holderDeparted) {
  public EpochFacts {
    holders = Map.copyOf(holders);
  }
}
