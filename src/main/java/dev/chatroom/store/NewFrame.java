package dev.chatroom.store;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Objects;

/**
 * A frame the relay accepted and wants stored. {@code bytes} is the frame exactly as the sender
 * wrote it (without the newline); {@code epoch} is set for group_message and sender_key;
 * {@code recipients} are the nicks a message or sender_key names (ignored for group_message,
 * whose recipients are every version 2 member but the sender, see {@link RelayStore#read}).
 * {@code bytes} must not change once handed to a store: the memory store keeps it as it is.
 */
public record NewFrame(String room, FrameKind kind, String from, String id, long sent,
    String epoch, List<String> recipients, Buffer bytes, long storedAt) {
  public NewFrame {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(bytes, "bytes");
    recipients = kind == FrameKind.GROUP_MESSAGE ? List.of() : List.copyOf(recipients);
    if (kind != FrameKind.MESSAGE && epoch == null) {
      throw new IllegalArgumentException(kind.wire() + " needs its epoch");
    }
  }
}
