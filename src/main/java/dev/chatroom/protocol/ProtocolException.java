package dev.chatroom.protocol;

/** A frame that breaks PROTOCOL.md; carries the error code to answer with. */
public final class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;
  private final String messageId;

  public ProtocolException(ErrorCode code, String message) { this(code, message, null); }

  /** {@code messageId} is the id of the message frame being refused, when known. */
  public ProtocolException(ErrorCode code, String message, String messageId) {
    super(message, null, false, false);
    this.code = code;
    this.messageId = messageId;
  }

  public ErrorCode code() { return code; }

  public String messageId() { return messageId; }

  public Frame.Error toFrame() { return new Frame.Error(code.wire(), getMessage(), messageId); }
}
