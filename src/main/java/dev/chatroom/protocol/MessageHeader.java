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
}
