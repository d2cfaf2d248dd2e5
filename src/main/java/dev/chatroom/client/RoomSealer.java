package dev.chatroom.client;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageSealer;
import dev.chatroom.crypto.Payload;
import dev.chatroom.protocol.Frame;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

/**
 * How a room message is sealed: the one seam sender keys (PROTOCOL.md section 12) change.
 * {@link #perRecipient} is a version 1 style {@code message}, wrapped for each recipient;
 * {@link GroupRooms} uses sender keys where every member can read them. Runs off the event
 * loop, one call at a time, in the order lines were typed.
 */
interface RoomSealer {
  /**
   * The frames to send, in order (a sender key may precede its group message); each has an id
   * and is stored by the relay. {@code members} is the room's members (copied on the event loop),
   * for who can read what.
   */
  List<Frame> seal(String room, Payload payload, RoomMembers members, Map<String, PublicKey> recipients)
      throws CryptoException;

  /** Frames with an id that the relay stores and acks. */
  static String idOf(Frame f) {
    return f instanceof Frame.Message m ? m.id() : f instanceof Frame.GroupMessage g ? g.id()
        : f instanceof Frame.SenderKey k ? k.id() : null;
  }

  /** One fresh Fernet key per message, wrapped for every recipient (sections 5 and 11). */
  static RoomSealer perRecipient(Identity me, String nick, MessageSealer sealer) {
    return (room, payload, members, recipients) -> List.of(sealer.seal(me, nick, room, payload.encode(), recipients));
  }
}
