package dev.chatroom.crypto.senderkey;

/** Why a sender starts a new epoch before its next message (section 12, "Senders"). */
public enum RotationReason {
  /** No epoch yet in this room. */
  NONE_YET,
  /** A member who holds the chain left or parted: it must not read what follows. */
  MEMBER_LEFT,
  /** A holder's keys are not the ones the chain was wrapped for. */
  KEYS_CHANGED,
  /** A holder's keys are no longer trusted (a changed pin). */
  TRUST_WITHDRAWN,
  MESSAGE_LIMIT,
  AGE_LIMIT
}
