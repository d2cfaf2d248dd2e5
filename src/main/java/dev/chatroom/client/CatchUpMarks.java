package dev.chatroom.client;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a room's window shows about a catch-up after a reconnect: one progress notice once more
 * than a screenful has been replayed, and a marker where the replay ends and new lines start.
 */
final class CatchUpMarks {
  static final String NEW_MESSAGES = "--- new messages ---";

  private final Set<String> noticed = new HashSet<>(); // rooms whose progress notice is shown

  /** The lines to add to {@code room}'s window for one {@code Output.catchUp} report. */
  List<Window.Line> report(String room, int replayed, boolean done, int screenRows) {
    if (done) {
      noticed.remove(room);
      return replayed > 0 ? List.of(new Window.Line(NEW_MESSAGES, Window.Kind.MARKER)) : List.of();
    }
    if (replayed > screenRows && noticed.add(room)) {
      return List.of(new Window.Line("* catching up on #" + Shown.room(room)
          + ": more than a screenful of messages; new ones will be marked", Window.Kind.NOTICE));
    }
    return List.of();
  }
}
