package dev.chatroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns a parsed JSON object into a validated {@link Frame}, or the protocol error it earns. */
final class FrameReader {
  private static final int SIGNATURE_BYTES = 64;

  private final ObjectNode obj;
  private String messageId;

  private FrameReader(ObjectNode obj) { this.obj = obj; }

  static Frame read(ObjectNode obj) throws ProtocolException {
    return new FrameReader(obj).read();
  }

  private Frame read() throws ProtocolException {
    String type = string("type");
    switch (type) {
      case "hello": return hello();
      case "welcome": return welcome();
      case "joined": return new Frame.Joined(nick("nick"), string("enc_key"), string("sig_key"));
      case "left": return new Frame.Left(nick("nick"));
      case "join": return new Frame.Join(room("room"));
      case "rooms": return obj.has("rooms") ? roomList() : new Frame.RoomsRequest();
      case "message": return message();
      case "ack": return new Frame.Ack(string("id"), stringArray("missing"));
      case "ping": return new Frame.Ping();
      case "pong": return new Frame.Pong();
      case "quit": return new Frame.Quit();
      case "error": return error();
      default: throw fail(ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + printable(type) + "'");
    }
  }

  private Frame hello() throws ProtocolException {
    JsonNode version = obj.get("version");
    if (version == null || !version.isIntegralNumber()) {
      throw fail(ErrorCode.BAD_FRAME, "field 'version' must be an integer");
    }
    if (!version.canConvertToInt() || version.intValue() != 1) {
      throw fail(ErrorCode.UNSUPPORTED_VERSION, "protocol version " + version.asText() + " is not supported (this relay speaks 1)");
    }
    String nick = nick("nick");
    String room = obj.has("room") ? room("room") : Names.DEFAULT_ROOM;
    return new Frame.Hello(1, nick, room, string("enc_key"), string("sig_key"));
  }

  private Frame welcome() throws ProtocolException {
    String nick = nick("nick");
    String room = room("room");
    List<Frame.Member> members = new ArrayList<>();
    for (JsonNode m : array("members")) {
      if (!m.isObject()) {
        throw fail(ErrorCode.BAD_FRAME, "field 'members' must hold objects");
      }
      FrameReader r = new FrameReader((ObjectNode) m);
      members.add(new Frame.Member(r.nick("nick"), r.string("enc_key"), r.string("sig_key")));
    }
    return new Frame.Welcome(nick, room, members);
  }

  private Frame roomList() throws ProtocolException {
    List<Frame.RoomInfo> rooms = new ArrayList<>();
    for (JsonNode r : array("rooms")) {
      JsonNode name = r.get("room");
      JsonNode count = r.get("members");
      if (name == null || !name.isTextual() || count == null || !count.canConvertToInt()) {
        throw fail(ErrorCode.BAD_FRAME, "field 'rooms' must hold {room, members} objects");
      }
      rooms.add(new Frame.RoomInfo(name.textValue(), count.intValue()));
    }
    return new Frame.RoomList(rooms);
  }

  private Frame message() throws ProtocolException {
    JsonNode id = obj.get("id");
    if (id != null && id.isTextual()) {
      messageId = id.textValue(); // lets every later error name the message it refuses
    }
    String idText = string("id");
    if (!isUuid(idText)) {
      throw fail(ErrorCode.BAD_FRAME, "field 'id' must be a UUID");
    }
    String room = room("room");
    String from = nick("from");
    JsonNode sent = obj.get("sent");
    if (sent == null || !sent.isIntegralNumber() || !sent.canConvertToLong()) {
      throw fail(ErrorCode.BAD_FRAME, "field 'sent' must be an integer (milliseconds)");
    }
    String token = string("encrypted_message");
    if (token.isEmpty()) {
      throw fail(ErrorCode.BAD_FRAME, "field 'encrypted_message' is empty");
    }
    JsonNode keys = obj.get("encrypted_keys");
    if (keys == null || !keys.isObject()) {
      throw fail(ErrorCode.BAD_FRAME, "field 'encrypted_keys' must be an object");
    }
    TreeMap<String, String> wrapped = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = keys.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!Names.isValidNick(e.getKey())) {
        throw fail(ErrorCode.BAD_NICK, "recipient '" + printable(e.getKey()) + "' is not a valid nick");
      }
      if (!e.getValue().isTextual()) {
        throw fail(ErrorCode.BAD_FRAME, "encrypted key for '" + e.getKey() + "' must be a string");
      }
      wrapped.put(e.getKey(), e.getValue().textValue());
    }
    if (wrapped.isEmpty()) {
      throw fail(ErrorCode.BAD_FRAME, "field 'encrypted_keys' names no recipient");
    }
    String signature = string("signature");
    if (!isBase64OfLength(signature, SIGNATURE_BYTES)) {
      throw fail(ErrorCode.BAD_FRAME, "field 'signature' must be 64 bytes in base64");
    }
    return new Frame.Message(idText, room, from, sent.longValue(), token, wrapped, signature);
  }

  private Frame error() throws ProtocolException {
    JsonNode id = obj.get("id");
    if (id != null && !id.isTextual()) {
      throw fail(ErrorCode.BAD_FRAME, "field 'id' must be a string");
    }
    return new Frame.Error(string("code"), string("message"), id == null ? null : id.textValue());
  }

  private String string(String field) throws ProtocolException {
    JsonNode n = obj.get(field);
    if (n == null || !n.isTextual()) {
      throw fail(ErrorCode.BAD_FRAME, "field '" + field + "' must be a string");
    }
    return n.textValue();
  }

  private String nick(String field) throws ProtocolException {
    String nick = string(field);
    if (!Names.isValidNick(nick)) {
      throw fail(ErrorCode.BAD_NICK, "'" + printable(nick) + "' is not a valid nick (1-32 of A-Z a-z 0-9 _ -)");
    }
    return nick;
  }

  private String room(String field) throws ProtocolException {
    String room = string(field);
    if (!Names.isValidRoom(room)) {
      throw fail(ErrorCode.BAD_ROOM, "'" + printable(room) + "' is not a valid room (1-64 of A-Z a-z 0-9 _ -)");
    }
    return room;
  }

  private Iterable<JsonNode> array(String field) throws ProtocolException {
    JsonNode n = obj.get(field);
    if (n == null || !n.isArray()) {
      throw fail(ErrorCode.BAD_FRAME, "field '" + field + "' must be an array");
    }
    return n;
  }

  private List<String> stringArray(String field) throws ProtocolException {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array(field)) {
      if (!n.isTextual()) {
        throw fail(ErrorCode.BAD_FRAME, "field '" + field + "' must hold strings");
      }
      out.add(n.textValue());
    }
    return out;
  }

  private ProtocolException fail(ErrorCode code, String message) {
    return new ProtocolException(code, message, messageId);
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

  private static boolean isBase64OfLength(String text, int bytes) {
    try {
      return Base64.getDecoder().decode(text).length == bytes;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Echoes untrusted text into an error message safely: short, printable ASCII only. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 40; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return s.length() > 40 ? b + "..." : b.toString();
  }
}
