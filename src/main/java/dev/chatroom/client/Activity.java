package dev.chatroom.client;

/**
 * How much an unread window wants attention, lowest first (irssi's hotlist levels): a message,
 * a mention of our nick, a private message. A window keeps the highest level it has seen.
 */
public enum Activity {
  NONE(""),
  MESSAGE(""),
  MENTION("*"),
  PRIVATE("!");

  private final String marker;

  Activity(String marker) {
    this.marker = marker;
  }

  /** What follows the window number in the activity line: nothing, {@code *} or {@code !}. */
  public String marker() { return marker; }

  /** True for the levels that ring the bell. */
  public boolean rings() { return this == MENTION || this == PRIVATE; }

  public Activity max(Activity other) { return other.ordinal() > ordinal() ? other : this; }

  /** The level of a message for {@code nick}: our own lines are no activity at all. */
  public static Activity of(ShownMessage m, String nick) {
    if (m.own()) {
      return NONE;
    }
    if (m.isPrivate()) {
      return PRIVATE;
    }
    return Display.mentions(m.text(), nick) ? MENTION : MESSAGE;
  }
}
