package dev.chatroom.protocol;

import java.util.regex.Pattern;

/** Nick and room rules of PROTOCOL.md section 2. */
public final class Names {
  public static final String DEFAULT_ROOM = "lobby";
  private static final Pattern NICK = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Names() {}

  public static boolean isValidNick(String nick) { return nick != null && NICK.matcher(nick).matches(); }

  public static boolean isValidRoom(String room) { return room != null && ROOM.matcher(room).matches(); }
}
