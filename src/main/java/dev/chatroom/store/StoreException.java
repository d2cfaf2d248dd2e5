package dev.chatroom.store;

/**
 * The store cannot be named, opened, migrated or written; the message is one sentence fit to show
 * the operator (the CLI turns it into exit 2) and never holds a password.
 */
public final class StoreException extends Exception {
  private static final long serialVersionUID = 1L;

  public StoreException(String sentence) {
    super(sentence, null, false, false);
  }

  public StoreException(String sentence, Throwable cause) {
    super(sentence, cause, false, false);
  }
}
