package dev.chatroom.crypto.senderkey;

import dev.chatroom.crypto.CryptoException;

/** A received sender-key frame that must not be used; the reason says why, for one warning. */
public final class GroupRejected extends CryptoException {
  private static final long serialVersionUID = 1L;

  public enum Reason {
    /** Fields missing or invalid (nick, room, epoch, index), or not signable. */
    MALFORMED,
    BAD_SIGNATURE,
    /** A sender_key that wraps nothing for me. */
    NOT_A_RECIPIENT,
    /** A sender_key for an epoch this device already dropped: replaying it would rewind. */
    RETIRED_EPOCH,
    FUTURE_TIMESTAMP,
    /** A group message whose epoch's key never reached this device (or was dropped). */
    UNKNOWN_EPOCH,
    /** An (epoch, index) already opened, or older than the skipped keys kept. */
    REPLAY,
    /** More than {@link ReceiverKeys#MAX_FORWARD_JUMPS} indexes ahead of the chain. */
    TOO_FAR_AHEAD,
    UNWRAP_FAILED,
    DECRYPT_FAILED
  }

  private final Reason reason;

  public GroupRejected(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
