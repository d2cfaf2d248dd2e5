package dev.chatroom.store;

import io.vertx.core.buffer.Buffer;

/** A frame as stored, with the {@code seq} it was acked with; {@code bytes} are as the sender wrote them. */
public record StoredFrame(String room, long seq, FrameKind kind, String from, String id, long sent,
    String epoch, long storedAt, Buffer bytes) {}
