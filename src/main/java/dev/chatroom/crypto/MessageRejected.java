package dev.chatroom.crypto;

/** A received message that must not be shown; the reason says why, for a one-line warning. */
public final class MessageRejected extends CryptoException {
  private static final long serialVersionUID = 1L;

  public enum Reason {
    /** Fields missing, or holding characters that would make the signed text ambiguous. */
    MALFORMED,
    BAD_SIGNATURE,
    NOT_A_RECIPIENT,
    REPLAY,
    FUTURE_TIMESTAMP,
    /** A bare message dated more than 10 minutes ago: a replay, since a version 1 relay stores nothing. */
    TOO_OLD,
    UNWRAP_FAILED,
    DECRYPT_FAILED
  }

  private final Reason reason;

  public MessageRejected(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
