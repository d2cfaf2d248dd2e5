package dev.chatroom.crypto.senderkey;

import dev.chatroom.crypto.Fingerprint;
import java.util.Map;

/**
 * My epoch in a room as the pure rotation and distribution rules see it. {@code holders} is a
 * read-only view of the live epoch, not a copy: checked before every line, a copy would cost
 * in proportion to the room.
 */
public record EpochFacts(long startedMillis, long messagesSent, Map<String, Fingerprint> holders,
                         boolean holderDeparted) {}
