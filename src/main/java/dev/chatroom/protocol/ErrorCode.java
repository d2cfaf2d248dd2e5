package dev.chatroom.protocol;

import java.util.Locale;

/** The error codes of PROTOCOL.md sections 6 (version 1) and 13 (version 2). */
public enum ErrorCode {
  BAD_FRAME, UNKNOWN_TYPE, UNSUPPORTED_VERSION, BAD_NICK, BAD_ROOM, BAD_KEY, NICK_TAKEN,
  NOT_JOINED, ALREADY_JOINED, SPOOFED_SENDER, WRONG_ROOM, RATE_LIMITED, FRAME_TOO_LARGE,
  SERVER_FULL, INTERNAL,
  // version 2 (section 13); a version 1 connection may still get nick_registered (section 9)
  BAD_AUTH, NICK_REGISTERED, NOT_MEMBER, TOO_MANY_ROOMS, ROOM_FULL, REPLACED;

  private final String wire = name().toLowerCase(Locale.ROOT);

  /** The code as it appears in an {@code error} frame. */
  public String wire() { return wire; }

  /** Errors after which the relay always closes the connection. */
  public boolean closesConnection() { return this == FRAME_TOO_LARGE || this == SERVER_FULL; }
}
