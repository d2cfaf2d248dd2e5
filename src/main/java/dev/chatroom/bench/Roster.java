package dev.chatroom.bench;

/**
 * The room and nicks of one run. Version 2 registers nicks and keeps rooms and their history,
 * so every run on the same relay gets names of its own ({@code tag}); version 1 needs none.
 */
record Roster(String room, String tag) {
  static final Roster V1 = new Roster(Workload.ROOM, "");

  static Roster tagged(String tag) { return new Roster(Workload.ROOM + "-" + tag, tag); }

  String nick(int member) { return tag.isEmpty() ? Workload.nick(member) : Workload.nick(member) + "-" + tag; }

  /** The Redis channel sender {@code s} publishes on. */
  String channel(int sender) { return "c" + sender; }
}
