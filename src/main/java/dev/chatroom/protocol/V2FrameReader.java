package dev.chatroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The frame types only version 2 has (PROTOCOL.md sections 9-12), read as strictly as version 1's. */
final class V2FrameReader {
  private static final int NONCE_BYTES = 32;

  private V2FrameReader() {}

  static Frame read(String type, FrameFields f) throws ProtocolException {
    switch (type) {
      case "challenge": return new Frame.Challenge(f.base64("nonce", NONCE_BYTES));
      case "auth": return new Frame.Auth(f.signature());
      case "ready": return ready(f);
      case "part": return new Frame.Part(f.room("room"));
      case "parted": return new Frame.Parted(f.room("room"));
      case "presence": return new Frame.Presence(f.room("room"), f.nick("nick"), f.bool("online"));
      case "synced": return new Frame.Synced(f.room("room"), f.nonNegative("seq"));
      case "delivery": return delivery(f);
      case "sender_key": return senderKey(f);
      case "group_message": return groupMessage(f);
      default: throw f.fail(ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + FrameFields.printable(type) + "'");
    }
  }

  /** A version 2 hello's optional {@code since}: valid rooms to non-negative seqs, a bounded few. */
  static SortedMap<String, Long> since(FrameFields f) throws ProtocolException {
    if (!f.has("since")) {
      return null;
    }
    ObjectNode since = f.object("since");
    if (since.size() > Names.MAX_SINCE_ROOMS) {
      throw f.fail(ErrorCode.BAD_FRAME, "field 'since' names more than " + Names.MAX_SINCE_ROOMS + " rooms");
    }
    TreeMap<String, Long> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = since.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      f.checkRoom(e.getKey());
      JsonNode seq = e.getValue();
      if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
        throw f.fail(ErrorCode.BAD_FRAME, "'since' for room '" + e.getKey() + "' must be a non-negative integer");
      }
      out.put(e.getKey(), seq.longValue());
    }
    return out;
  }

  private static Frame ready(FrameFields f) throws ProtocolException {
    String nick = f.nick("nick");
    List<String> rooms = f.stringArray("rooms");
    for (String room : rooms) {
      f.checkRoom(room);
    }
    return new Frame.Ready(nick, rooms);
  }

  /** The inner frame must be one the relay stores, about the delivery's own room. */
  private static Frame delivery(FrameFields f) throws ProtocolException {
    String room = f.room("room");
    long seq = f.nonNegative("seq");
    ObjectNode inner = f.object("frame");
    JsonNode type = inner.get("type");
    String innerType = type != null && type.isTextual() ? type.textValue() : "";
    if (!innerType.equals("message") && !innerType.equals("group_message") && !innerType.equals("sender_key")) {
      throw f.fail(ErrorCode.BAD_FRAME, "a delivery holds a message, group_message or sender_key");
    }
    Frame frame = FrameReader.read(inner);
    String frameRoom = frame instanceof Frame.Message m ? m.room()
        : frame instanceof Frame.GroupMessage g ? g.room() : ((Frame.SenderKey) frame).room();
    if (!frameRoom.equals(room)) {
      throw f.fail(ErrorCode.BAD_FRAME, "a delivery's frame is about another room");
    }
    return new Frame.Delivery(room, seq, frame);
  }

  private static Frame senderKey(FrameFields f) throws ProtocolException {
    f.noteId();
    String id = f.uuid("id");
    String room = f.room("room");
    String from = f.nick("from");
    long sent = f.integer("sent");
    String epoch = f.epoch();
    long index = f.nonNegative("index");
    TreeMap<String, String> wrapped = f.encryptedKeys(true);
    return new Frame.SenderKey(id, room, from, sent, epoch, index, wrapped, f.signature());
  }

  private static Frame groupMessage(FrameFields f) throws ProtocolException {
    f.noteId();
    String id = f.uuid("id");
    String room = f.room("room");
    String from = f.nick("from");
    long sent = f.integer("sent");
    String epoch = f.epoch();
    long index = f.nonNegative("index");
    String token = f.nonEmpty("encrypted_message");
    if (!FrameFields.isBase64Url(token)) {
      throw f.fail(ErrorCode.BAD_FRAME, "field 'encrypted_message' must be a Fernet token (base64url)");
    }
    return new Frame.GroupMessage(id, room, from, sent, epoch, index, token, f.signature());
  }
}
