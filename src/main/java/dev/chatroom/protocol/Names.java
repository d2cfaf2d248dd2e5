package dev.chatroom.protocol;

/** Nick and room rules of PROTOCOL.md section 2, and the bound on a hello's {@code since}. */
public final class Names {
  public static final String DEFAULT_ROOM = "lobby";
  private static final int MAX_NICK = 32;
  private static final int MAX_ROOM = 64;
  /**
   * The most rooms a version 2 hello's {@code since} may name: a ceiling on what one frame makes
   * the relay hold, above any sane {@code max_rooms_per_member} (default 100), which the relay
   * enforces itself; entries for rooms the identity is not in are ignored there.
   */
  public static final int MAX_SINCE_ROOMS = 1000;

  private Names() {}

  /** {@code ^[A-Za-z0-9_-]{1,32}$} */
  public static boolean isValidNick(String nick) { return isName(nick, MAX_NICK); }

  /** {@code ^[A-Za-z0-9_-]{1,64}$} */
  public static boolean isValidRoom(String room) { return isName(room, MAX_ROOM); }

  // A loop, not a regex: the relay checks every recipient of every message.
  private static boolean isName(String s, int max) {
    if (s == null || s.isEmpty() || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
