package dev.chatroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Turns a parsed JSON object into a validated {@link Frame}, or the protocol error it earns. The
 * frame types of both versions; a shared type is read as version 2 when it carries the field
 * that only version 2 sends ({@code seq} in welcome, {@code room} in joined, left and ack).
 */
final class FrameReader {
  private final FrameFields f;

  private FrameReader(ObjectNode obj) { this.f = new FrameFields(obj); }

  static Frame read(ObjectNode obj) throws ProtocolException {
    return new FrameReader(obj).read();
  }

  private Frame read() throws ProtocolException {
    String type = f.string("type");
    switch (type) {
      case "hello": return hello();
      case "welcome": return welcome();
      case "joined": return joined();
      case "left": return f.has("room") ? new Frame.Left(f.nick("nick"), f.room("room")) : new Frame.Left(f.nick("nick"));
      case "join": return new Frame.Join(f.room("room"));
      case "rooms": return f.has("rooms") ? roomList() : new Frame.RoomsRequest();
      case "message": return message();
      case "ack": return ack();
      case "ping": return new Frame.Ping();
      case "pong": return new Frame.Pong();
      case "quit": return new Frame.Quit();
      case "error": return error();
      default: return V2FrameReader.read(type, f);
    }
  }

  private Frame hello() throws ProtocolException {
    JsonNode version = f.get("version");
    if (version == null || !version.isIntegralNumber()) {
      throw f.fail(ErrorCode.BAD_FRAME, "field 'version' must be an integer");
    }
    if (!version.canConvertToInt() || (version.intValue() != 1 && version.intValue() != 2)) {
      throw f.fail(ErrorCode.UNSUPPORTED_VERSION, "protocol version " + version.asText() + " is not supported (this relay speaks 1 and 2)");
    }
    String nick = f.nick("nick");
    if (version.intValue() == 2) {
      // a version 2 hello names no room: membership belongs to the identity (section 9)
      return new Frame.Hello(2, nick, null, f.string("enc_key"), f.string("sig_key"), V2FrameReader.since(f));
    }
    String room = f.has("room") ? f.room("room") : Names.DEFAULT_ROOM;
    return new Frame.Hello(1, nick, room, f.string("enc_key"), f.string("sig_key"));
  }

  private Frame welcome() throws ProtocolException {
    boolean v2 = f.has("seq");
    String nick = f.nick("nick");
    String room = f.room("room");
    Long seq = v2 ? f.nonNegative("seq") : null;
    List<Frame.Member> members = new ArrayList<>();
    for (JsonNode m : f.array("members")) {
      if (!m.isObject()) {
        throw f.fail(ErrorCode.BAD_FRAME, "field 'members' must hold objects");
      }
      FrameFields r = new FrameFields((ObjectNode) m);
      Frame.Member member = new Frame.Member(r.nick("nick"), r.string("enc_key"), r.string("sig_key"));
      members.add(v2 ? new Frame.Member(member.nick(), member.encKey(), member.sigKey(), r.version("version"), r.bool("online")) : member);
    }
    return new Frame.Welcome(nick, room, members, seq);
  }

  private Frame joined() throws ProtocolException {
    if (!f.has("room")) {
      return new Frame.Joined(f.nick("nick"), f.string("enc_key"), f.string("sig_key"));
    }
    String room = f.room("room");
    return new Frame.Joined(f.nick("nick"), f.string("enc_key"), f.string("sig_key"), room, f.version("version"));
  }

  private Frame roomList() throws ProtocolException {
    List<Frame.RoomInfo> rooms = new ArrayList<>();
    for (JsonNode r : f.array("rooms")) {
      JsonNode name = r.get("room");
      JsonNode count = r.get("members");
      if (name == null || !name.isTextual() || count == null || !count.canConvertToInt()) {
        throw f.fail(ErrorCode.BAD_FRAME, "field 'rooms' must hold {room, members} objects");
      }
      rooms.add(new Frame.RoomInfo(name.textValue(), count.intValue()));
    }
    return new Frame.RoomList(rooms);
  }

  private Frame message() throws ProtocolException {
    f.noteId();
    String id = f.uuid("id");
    String room = f.room("room");
    String from = f.nick("from");
    JsonNode sent = f.get("sent");
    if (sent == null || !sent.isIntegralNumber() || !sent.canConvertToLong()) {
      throw f.fail(ErrorCode.BAD_FRAME, "field 'sent' must be an integer (milliseconds)");
    }
    String token = f.nonEmpty("encrypted_message");
    TreeMap<String, String> wrapped = f.encryptedKeys(false);
    return new Frame.Message(id, room, from, sent.longValue(), token, wrapped, f.signature());
  }

  private Frame ack() throws ProtocolException {
    String id = f.string("id");
    if (!f.has("room") && !f.has("seq")) {
      return new Frame.Ack(id, f.stringArray("missing"));
    }
    String room = f.room("room");
    long seq = f.nonNegative("seq");
    return new Frame.Ack(id, f.stringArray("missing"), room, seq);
  }

  private Frame error() throws ProtocolException {
    JsonNode id = f.get("id");
    if (id != null && !id.isTextual()) {
      throw f.fail(ErrorCode.BAD_FRAME, "field 'id' must be a string");
    }
    String room = f.has("room") ? f.room("room") : null;
    return new Frame.Error(f.string("code"), f.string("message"), id == null ? null : id.textValue(), room);
  }

  /** 8-4-4-4-12 hex digits, either case. */
  static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean ok = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-'
          : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
