package dev.chatroom.protocol;

import java.util.List;
import java.util.SortedMap;

/**
 * One JSON-Lines frame of PROTOCOL.md, versions 1 and 2; one record per frame type. A record
 * shared by both versions keeps its version 1 constructor, and its version 2 components (last)
 * are null in the version 1 shape, which the encoder then writes exactly as version 1 did.
 */
public sealed interface Frame {

  /** The wire value of the {@code type} field. */
  String type();

  /**
   * {@code room} is null in version 2 (membership is the identity's, section 9); {@code since}
   * (version 2, optional) maps rooms to the highest {@code seq} the client has processed.
   */
  record Hello(int version, String nick, String room, String encKey, String sigKey,
               SortedMap<String, Long> since) implements Frame {
    public Hello(int version, String nick, String room, String encKey, String sigKey) {
      this(version, nick, room, encKey, sigKey, null);
    }
    public String type() { return "hello"; }
  }

  /** {@code version} and {@code online} are set only in a version 2 welcome. */
  record Member(String nick, String encKey, String sigKey, Integer version, Boolean online) {
    public Member(String nick, String encKey, String sigKey) { this(nick, encKey, sigKey, null, null); }

    /** The member as a version 1 connection sees it. */
    public Member v1() { return version == null && online == null ? this : new Member(nick, encKey, sigKey); }
  }

  /**
   * {@code seq} (the room's highest so far) is set only in version 2. A version 1 welcome keeps
   * only the version 1 fields of its members, so a v1 connection never sees a v2 field.
   */
  record Welcome(String nick, String room, List<Member> members, Long seq) implements Frame {
    public Welcome {
      members = seq == null ? members.stream().map(Member::v1).toList() : List.copyOf(members);
      if (seq != null && members.stream().anyMatch(m -> m.version() == null || m.online() == null)) {
        throw new IllegalArgumentException("a version 2 welcome gives every member's version and online");
      }
    }
    public Welcome(String nick, String room, List<Member> members) { this(nick, room, members, null); }
    public String type() { return "welcome"; }
  }

  /** {@code room} and {@code version} are both set (version 2) or both null (version 1). */
  record Joined(String nick, String encKey, String sigKey, String room, Integer version) implements Frame {
    public Joined {
      requireBothOrNeither(room, version, "joined");
    }
    public Joined(String nick, String encKey, String sigKey) { this(nick, encKey, sigKey, null, null); }
    public String type() { return "joined"; }
  }

  /** {@code room} is set only in version 2. */
  record Left(String nick, String room) implements Frame {
    public Left(String nick) { this(nick, null); }
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

  /** {@code room} and {@code seq} (the stored frame's) are both set only in version 2. */
  record Ack(String id, List<String> missing, String room, Long seq) implements Frame {
    public Ack {
      missing = List.copyOf(missing);
      requireBothOrNeither(room, seq, "ack");
    }
    public Ack(String id, List<String> missing) { this(id, missing, null, null); }
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

  /**
   * {@code id} is null unless the error answers a message; {@code room} (version 2 only) is null
   * unless the error concerns a room or a message.
   */
  record Error(String code, String message, String id, String room) implements Frame {
    public Error(String code, String message, String id) { this(code, message, id, null); }
    public String type() { return "error"; }
  }

  // ---- version 2 only (PROTOCOL.md sections 8-14) ----

  /** Relay to client after a version 2 hello: {@code nonce} is base64 of 32 random bytes. */
  record Challenge(String nonce) implements Frame {
    public String type() { return "challenge"; }
  }

  /** Client to relay: Ed25519 over the challenge (see crypto/AuthChallenge). */
  record Auth(String signature) implements Frame {
    public String type() { return "auth"; }
  }

  /** After auth: the rooms the identity is a member of, sorted. */
  record Ready(String nick, List<String> rooms) implements Frame {
    public Ready { rooms = List.copyOf(rooms); }
    public String type() { return "ready"; }
  }

  /** Client to relay: end the identity's membership of {@code room}. */
  record Part(String room) implements Frame {
    public String type() { return "part"; }
  }

  record Parted(String room) implements Frame {
    public String type() { return "parted"; }
  }

  record Presence(String room, String nick, boolean online) implements Frame {
    public String type() { return "presence"; }
  }

  /** The end of a room's catch-up: {@code seq} is the room's highest at that point. */
  record Synced(String room, long seq) implements Frame {
    public String type() { return "synced"; }
  }

  /**
   * A stored frame ({@link Message}, {@link GroupMessage} or {@link SenderKey}) as delivered.
   * The relay writes one from the inner line's raw bytes ({@link Deliveries#wrap}); this record
   * is the decoded form clients read.
   */
  record Delivery(String room, long seq, Frame frame) implements Frame {
    public Delivery {
      if (!isStorable(frame)) {
        throw new IllegalArgumentException("a delivery holds a message, group_message or sender_key");
      }
    }
    public String type() { return "delivery"; }

    /** The frame types the relay stores and delivers wrapped. */
    public static boolean isStorable(Frame frame) {
      return frame instanceof Message || frame instanceof GroupMessage || frame instanceof SenderKey;
    }
  }

  private static void requireBothOrNeither(Object a, Object b, String what) {
    if ((a == null) != (b == null)) {
      throw new IllegalArgumentException("a version 2 " + what + " sets both of its version 2 fields");
    }
  }
}
