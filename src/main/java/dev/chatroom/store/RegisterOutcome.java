package dev.chatroom.store;

/** What {@link RelayStore#register} did. */
public enum RegisterOutcome {
  /** The nick was free (or its registration had lapsed) and now belongs to this identity. */
  REGISTERED,
  /** The nick already belonged to this identity; its last_seen was updated. */
  SAME_IDENTITY,
  /** The nick belongs to another identity; nothing changed ({@code nick_registered}). */
  OTHER_IDENTITY
}
