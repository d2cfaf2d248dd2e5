package dev.chatroom.client;

/** One room a version 2 client is a member of: its members and where its catch-up stands. */
final class V2Room {
  final String name;
  final Roster roster;
  boolean welcomed; // on this connection
  boolean synced = true; // false from ready until its synced: deliveries are catch-up
  boolean everWelcomed;
  int replayed;

  V2Room(String name, Roster roster) {
    this.name = name;
    this.roster = roster;
  }
}
