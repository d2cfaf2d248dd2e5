package dev.chatroom.client;

/**
 * Where the client shows things. Pipe mode keeps {@link #shown} on stdout and everything else on
 * stderr; the terminal prints all of it above the prompt. Called from the client's event loop.
 */
public interface Output {
  /** A received message, already formatted and made safe for a terminal. */
  void shown(String line);

  /** Our own line echoed back (the terminal shows it; pipe mode does not). */
  void own(String line);

  /** Joins, leaves, connection state, command answers. */
  void notice(String text);

  /** Something the user should not miss: dropped messages, key changes, lines not sent. */
  void warn(String text);

  /** A private message or a mention of our nick. */
  void bell();

  // ---- version 2: many rooms. The defaults keep the one-room outputs working unchanged.

  /** A message for its window; {@code line} is it formatted as the one-room client shows it. */
  default void message(ShownMessage m, String line) {
    if (m.own()) {
      own(line);
    } else {
      shown(line);
    }
  }

  /** A notice about one room (joins, presence, catch-up); {@code room} null means no room. */
  default void notice(String room, String text) { notice(text); }

  /** A warning about one room; {@code room} null means no room. */
  default void warn(String room, String text) { warn(text); }

  /** The rooms we are a member of changed (ready, join, part), sorted. */
  default void rooms(java.util.List<String> rooms) { }

  /**
   * Catch-up of {@code room} after a reconnect: {@code replayed} messages so far; {@code done}
   * once the relay said {@code synced} (where a terminal marks that new messages start).
   */
  default void catchUp(String room, int replayed, boolean done) { }

  /**
   * Safe text behind {@code prefix}, later lines indented to line up under the first one's
   * text, so a table in a notice keeps its columns.
   */
  static String block(String prefix, String text) {
    return prefix + Shown.lines(text).replace("\n", "\n" + " ".repeat(prefix.length()));
  }
}
