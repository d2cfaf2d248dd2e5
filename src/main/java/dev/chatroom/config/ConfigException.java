package dev.chatroom.config;

/** A setting the relay cannot start with; the message is one sentence fit to show the user. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String sentence) {
    super(sentence, null, false, false);
  }

  public ConfigException(String sentence, Throwable cause) {
    super(sentence, cause, false, false);
  }
}
