package dev.chatroom.store;

/** A member as a {@code welcome} lists it: its membership and its registered keys (null if none). */
public record Member(Membership membership, String encKey, String sigKey) {
  public String nick() { return membership.nick(); }
}
