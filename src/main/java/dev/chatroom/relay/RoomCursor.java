package dev.chatroom.relay;

import dev.chatroom.protocol.Frame;
import java.util.List;

/** Where one version 2 connection is in one of its rooms (see {@link V2Session}). */
final class RoomCursor {
  final String room;
  long lastSeq; // every seq up to this one was written here or is not for this connection
  boolean live; // false while catching up: live frames are read from the store instead
  long target; // highest seq known stored while catching up: the reads go on until past it
  long readTarget; // what the read in flight covers once it comes back short
  boolean refill; // catching up after a gap in live seqs (cluster): no synced at its end
  long lastWelcomeNanos = System.nanoTime(); // a welcome follows every new cursor
  boolean welcomed; // the room's first welcome is out: news of the room goes straight to the client
  boolean joining; // a new member: its live frames wait until the welcome is out, then are read
  List<Frame> held; // news of the room while its welcome is built
  boolean heldOverflowed; // more news than is held came meanwhile: a fresh welcome replaces it

  RoomCursor(String room, long lastSeq, boolean live) {
    this.room = room;
    this.lastSeq = lastSeq;
    this.live = live;
  }
}
