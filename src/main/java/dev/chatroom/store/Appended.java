package dev.chatroom.store;

/** Where an appended frame went: its room's {@code seq}, and whether it was a resend already stored. */
public record Appended(long seq, boolean duplicate) {}
