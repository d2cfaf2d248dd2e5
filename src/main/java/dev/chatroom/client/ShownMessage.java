package dev.chatroom.client;

/**
 * A message as the user sees it, for whichever output shows it (a terminal window, a pipe line,
 * a JSON object). Every string in it is already safe to show ({@link Shown}).
 *
 * @param room the room it was sent in
 * @param from the sender's nick (ours for {@code own})
 * @param text the message text
 * @param action a {@code /me} line
 * @param isPrivate it named exactly one recipient, us (or, when {@code own}, one peer)
 * @param peer the other side of a private conversation, else null
 * @param seq the relay's seq for it (version 2), 0 when there is none (version 1, or not yet acked)
 * @param sent the sender's timestamp, epoch milliseconds
 * @param id the message id
 * @param own we sent it
 * @param catchUp it was replayed from the relay's store after a reconnect, before {@code synced}
 */
public record ShownMessage(String room, String from, String text, boolean action, boolean isPrivate,
                           String peer, long seq, long sent, String id, boolean own, boolean catchUp) {
  /** The window it belongs in: {@code #room}, or the peer's nick for a private conversation. */
  public String window() {
    return isPrivate ? peer : "#" + room;
  }
}
