package dev.chatroom.crypto;

/** A key file or identity folder problem; the reason lets the CLI re-prompt or pick an exit code. */
public final class KeyFileException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public enum Reason {
    MISSING, UNREADABLE, INSECURE_PERMISSIONS, NEEDS_PASSPHRASE, WRONG_PASSPHRASE,
    WRONG_KEY_TYPE, UNSUPPORTED_KEY, ALREADY_EXISTS, WRITE_FAILED
  }

  private final Reason reason;

  public KeyFileException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public KeyFileException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
