package dev.chatroom.crypto;

/**
 * A cryptographic operation or key file failed. The message is one sentence a user can read;
 * it never contains key material.
 */
public class CryptoException extends Exception {
  private static final long serialVersionUID = 1L;

  public CryptoException(String message) {
    super(message);
  }

  /** Keeps the cause for {@code -v} output; the message alone must still make sense. */
  public CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
