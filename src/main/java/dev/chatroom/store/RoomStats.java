package dev.chatroom.store;

/** One room as an operator lists it. */
public record RoomStats(String room, long maxSeq, long members, long frames, long bytes) {}
