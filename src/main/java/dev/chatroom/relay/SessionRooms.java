package dev.chatroom.relay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One version 2 session's rooms, each with its cursor, sorted by name. An array that grows by
 * one per room: most members sit in a few rooms, and a TreeMap would cost each online member
 * about 100 bytes more (its map, entry and key set).
 */
final class SessionRooms {
  private static final RoomCursor[] NONE = new RoomCursor[0];

  private RoomCursor[] cursors = NONE; // sorted by room; shared and empty until the first room

  /** The cursor of {@code room}, or null when the session is not in it. */
  RoomCursor get(String room) {
    int i = find(room);
    return i >= 0 ? cursors[i] : null;
  }

  boolean contains(String room) { return find(room) >= 0; }

  int size() { return cursors.length; }

  /** Adds {@code cursor}, or replaces the cursor of its room. */
  void put(RoomCursor cursor) {
    int i = find(cursor.room);
    if (i >= 0) {
      cursors[i] = cursor;
      return;
    }
    int at = -i - 1;
    RoomCursor[] grown = new RoomCursor[cursors.length + 1];
    System.arraycopy(cursors, 0, grown, 0, at);
    grown[at] = cursor;
    System.arraycopy(cursors, at, grown, at + 1, cursors.length - at);
    cursors = grown;
  }

  /** Removes {@code room}; false when the session was not in it. */
  boolean remove(String room) {
    int i = find(room);
    if (i < 0) {
      return false;
    }
    if (cursors.length == 1) {
      cursors = NONE;
      return true;
    }
    RoomCursor[] shrunk = new RoomCursor[cursors.length - 1];
    System.arraycopy(cursors, 0, shrunk, 0, i);
    System.arraycopy(cursors, i + 1, shrunk, i, cursors.length - i - 1);
    cursors = shrunk;
    return true;
  }

  /** The room names in order, as a copy: callers may change the rooms while they walk it. */
  List<String> names() {
    List<String> out = new ArrayList<>(cursors.length);
    for (RoomCursor c : cursors) {
      out.add(c.room);
    }
    return out;
  }

  /** Every cursor in room order, as a copy. */
  List<RoomCursor> all() { return Arrays.asList(cursors.clone()); }

  private int find(String room) {
    int lo = 0;
    int hi = cursors.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int cmp = cursors[mid].room.compareTo(room);
      if (cmp < 0) {
        lo = mid + 1;
      } else if (cmp > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }
}
