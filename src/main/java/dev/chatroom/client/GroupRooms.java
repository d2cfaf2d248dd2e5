package dev.chatroom.client;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.Payload;
import dev.chatroom.protocol.Frame;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

/**
 * The version 2 {@link RoomSealer} (PROTOCOL.md section 12), decided per line from the room's
 * current members: sender keys ({@code sender_key} where needed, then {@code group_message})
 * when every member is version 2; one {@code message} wrapped per recipient otherwise, and when
 * we are alone (stored for no one, as before). {@code /msg} never comes here.
 */
final class GroupRooms implements RoomSealer {
  private final Identity me;
  private final String nick;
  private final GroupKeys keys;
  private final RoomSealer perRecipient;

  GroupRooms(Identity me, String nick, GroupKeys keys, RoomSealer perRecipient) {
    this.me = me;
    this.nick = nick;
    this.keys = keys;
    this.perRecipient = perRecipient;
  }

  @Override
  public List<Frame> seal(String room, Payload payload, RoomMembers members, Map<String, PublicKey> recipients)
      throws CryptoException {
    if (members.size() == 0 || !members.allVersion2()) {
      return perRecipient.seal(room, payload, members, recipients);
    }
    return keys.seal(me, nick, room, payload, members);
  }
}
