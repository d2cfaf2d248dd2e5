package dev.chatroom.protocol;

import java.util.List;
import java.util.SortedMap;

/** One JSON-Lines frame of PROTOCOL.md v1; one record per frame type. */
public sealed interface Frame {

  /** The wire value of the {@code type} field. */
  String type();

  record Hello(int version, String nick, String room, String encKey, String sigKey) implements Frame {
    public String type() { return "hello"; }
  }

  record Member(String nick, String encKey, String sigKey) {}

  record Welcome(String nick, String room, List<Member> members) implements Frame {
    public Welcome { members = List.copyOf(members); }
    public String type() { return "welcome"; }
  }

  record Joined(String nick, String encKey, String sigKey) implements Frame {
    public String type() { return "joined"; }
    public Member member() { return new Member(nick, encKey, sigKey); }
  }

  record Left(String nick) implements Frame {
    public String type() { return "left"; }
  }

  record Join(String room) implements Frame {
    public String type() { return "join"; }
  }

  /** {@code {"type":"rooms"}} from a client. */
  record RoomsRequest() implements Frame {
    public String type() { return "rooms"; }
  }

  record RoomInfo(String room, int members) {}

  /** {@code {"type":"rooms","rooms":[...]}} from the relay. */
  record RoomList(List<RoomInfo> rooms) implements Frame {
    public RoomList { rooms = List.copyOf(rooms); }
    public String type() { return "rooms"; }
  }

  /**
   * An end-to-end encrypted message. {@code encryptedKeys} maps each recipient nick to its
   * base64 RSA-OAEP wrapped Fernet key, kept sorted by nick (byte order) as the signature needs.
   */
  record Message(String id, String room, String from, long sent, String encryptedMessage,
                 SortedMap<String, String> encryptedKeys, String signature) implements Frame {
    public String type() { return "message"; }
  }

  /** Version 2: a sender's chain key for one epoch, wrapped for each recipient (section 12). */
  record SenderKey(String id, String room, String from, long sent, String epoch, long index,
                   SortedMap<String, String> encryptedKeys, String signature) implements Frame {
    public String type() { return "sender_key"; }
  }

  /** Version 2: a room message under the sender's chain, one size whatever the room's (section 12). */
  record GroupMessage(String id, String room, String from, long sent, String epoch, long index,
                      String encryptedMessage, String signature) implements Frame {
    public String type() { return "group_message"; }
  }

  record Ack(String id, List<String> missing) implements Frame {
    public Ack { missing = List.copyOf(missing); }
    public String type() { return "ack"; }
  }

  record Ping() implements Frame {
    public String type() { return "ping"; }
  }

  record Pong() implements Frame {
    public String type() { return "pong"; }
  }

  record Quit() implements Frame {
    public String type() { return "quit"; }
  }

  /** {@code id} is null unless the error answers a message. */
  record Error(String code, String message, String id) implements Frame {
    public String type() { return "error"; }
    public Error(ErrorCode code, String message) { this(code.wire(), message, null); }
  }
}
