package dev.chatroom.protocol;

import java.util.List;

/**
 * What the relay needs of a valid stored frame ({@code message}, {@code group_message} or
 * {@code sender_key}) to route it: everything but the encrypted fields, which it forwards
 * untouched. {@code epoch} is null for a message; {@code recipients} are the named ones, sorted
 * by nick (none for a group message, which goes to every version 2 member).
 */
public record MessageHeader(String type, String id, String room, String from, long sent, String epoch,
                            List<String> recipients) {
  public static final String MESSAGE = "message";
  public static final String GROUP_MESSAGE = "group_message";
  public static final String SENDER_KEY = "sender_key";

  public MessageHeader {
    recipients = List.copyOf(recipients);
  }

  /** A version 1 {@code message}'s header. */
  public MessageHeader(String id, String room, String from, long sent, List<String> recipients) {
    this(MESSAGE, id, room, from, sent, null, recipients);
  }

  public boolean isMessage() { return MESSAGE.equals(type); }

  /** The header of a fully decoded message. */
  public static MessageHeader of(Frame.Message m) {
    return new MessageHeader(m.id(), m.room(), m.from(), m.sent(), List.copyOf(m.encryptedKeys().keySet()));
  }

  /** The header of a fully decoded stored frame; null for any other frame. */
  public static MessageHeader ofStored(Frame frame) {
    if (frame instanceof Frame.Message m) {
      return of(m);
    }
    if (frame instanceof Frame.GroupMessage g) {
      return new MessageHeader(GROUP_MESSAGE, g.id(), g.room(), g.from(), g.sent(), g.epoch(), List.of());
    }
    if (frame instanceof Frame.SenderKey k) {
      return new MessageHeader(SENDER_KEY, k.id(), k.room(), k.from(), k.sent(), k.epoch(),
          List.copyOf(k.encryptedKeys().keySet()));
    }
    return null;
  }
}
