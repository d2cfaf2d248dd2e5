package dev.chatroom.relay;

/**
 * A change in who is in a room, as one node tells every other over the event bus
 * ({@link Membership#ADDRESS}, wire form {@link MembershipEventCodec}). Typed so that no reader
 * has to know which array slot says "joined".
 */
sealed interface MembershipEvent permits MembershipEvent.Joined, MembershipEvent.Left {
  Membership.Member member();

  /** The member claimed its nick in its room (or is announced again after a split-brain merge). */
  record Joined(Membership.Member member) implements MembershipEvent {}

  /** The member gave its nick back; only the same session's entry is removed. */
  record Left(Membership.Member member) implements MembershipEvent {}
}
