package dev.chatroom.store;

/**
 * A nick's membership of a room. {@code joinSeq} is the room's highest {@code seq} when it
 * joined: it receives only frames above it ("a new member gets no earlier frames").
 */
public record Membership(String room, String nick, int version, long joinedAt, long lastSeen, long joinSeq) {}
