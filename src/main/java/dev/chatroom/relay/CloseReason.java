package dev.chatroom.relay;

import java.util.Locale;

/** Why the relay ended a connection; logged and counted, never sent as a frame. */
public enum CloseReason {
  CLIENT_CLOSED, QUIT, IDLE, FRAME_TOO_LARGE, SERVER_FULL, BAD_FRAMES, SLOW_CONSUMER, SHUTDOWN, ERROR,
  /** Did not join within the join timeout. */
  JOIN_TIMEOUT,
  /** Refused with server_full by the per-address connection limit or connect rate. */
  ADDRESS_LIMIT,
  /** Cut because all clients' queued output together passed the output budget, and it had the most. */
  OUTPUT_BUDGET,
  /** A newer connection of the same version 2 identity took over. */
  REPLACED;

  public String label() { return name().toLowerCase(Locale.ROOT); }
}
