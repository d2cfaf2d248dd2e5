package dev.chatroom.store;

/** What {@link RelayStore#join} did; the limits are checked in the same transaction as the insert. */
public sealed interface JoinOutcome {
  /** A new membership. */
  record Joined(Membership membership) implements JoinOutcome {}

  /** Already a member; last_seen was updated, joinSeq kept. */
  record AlreadyMember(Membership membership) implements JoinOutcome {}

  /** The nick is in {@code max_rooms_per_member} rooms already ({@code too_many_rooms}). */
  record TooManyRooms(int limit) implements JoinOutcome {}

  /** The room has {@code max_room_members} members already ({@code room_full}). */
  record RoomFull(int limit) implements JoinOutcome {}
}
