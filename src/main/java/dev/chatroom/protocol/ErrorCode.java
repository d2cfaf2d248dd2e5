package dev.chatroom.protocol;

import java.util.Locale;

/** The error codes of PROTOCOL.md section 6. */
public enum ErrorCode {
  BAD_FRAME, UNKNOWN_TYPE, UNSUPPORTED_VERSION, BAD_NICK, BAD_ROOM, BAD_KEY, NICK_TAKEN,
  NOT_JOINED, ALREADY_JOINED, SPOOFED_SENDER, WRONG_ROOM, RATE_LIMITED, FRAME_TOO_LARGE,
  SERVER_FULL, INTERNAL;

  private final String wire = name().toLowerCase(Locale.ROOT);

  /** The code as it appears in an {@code error} frame. */
  public String wire() { return wire; }
}
