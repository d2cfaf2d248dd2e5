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
  }
}
