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

  /**
   * Safe text behind {@code prefix}, later lines indented to line up under the first one's
   * text, so a table in a notice keeps its columns.
   */
  static String block(String prefix, String text) {
    return prefix + Shown.lines(text).replace("\n", "\n" + " ".repeat(prefix.length()));
  }
}
