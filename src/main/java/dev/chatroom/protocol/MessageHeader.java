package dev.chatroom.protocol;

import java.util.List;

/**
 * What the relay needs of a valid {@code message} frame to route it: everything but the
 * encrypted fields, which it forwards untouched. {@code recipients} are sorted by nick.
 */
public record MessageHeader(String id, String room, String from, long sent, List<String> recipients) {
  public MessageHeader {
    recipients = List.copyOf(recipients);
  }

  /** The header of a fully decoded message. */
  public static MessageHeader of(Frame.Message m) {
    return new MessageHeader(m.id(), m.room(), m.from(), m.sent(), List.copyOf(m.encryptedKeys().keySet()));
  }
}
