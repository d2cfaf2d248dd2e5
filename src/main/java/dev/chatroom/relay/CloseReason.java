package dev.chatroom.relay;

import java.util.Locale;

/** Why the relay ended a connection; logged and counted, never sent as a frame. */
public enum CloseReason {
  CLIENT_CLOSED, QUIT, IDLE, FRAME_TOO_LARGE, SERVER_FULL, BAD_FRAMES, SLOW_CONSUMER, SHUTDOWN, ERROR, REPLACED;

  public String label() { return name().toLowerCase(Locale.ROOT); }
}
