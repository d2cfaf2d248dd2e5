package dev.chatroom.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Typed, validated reads of one JSON object's fields; each failure is the protocol error it earns. */
final class FrameFields {
  static final int SIGNATURE_BYTES = 64;

  private final ObjectNode obj;
  private String messageId;

  FrameFields(ObjectNode obj) { this.obj = obj; }

  boolean has(String field) { return obj.has(field); }

  JsonNode get(String field) { return obj.get(field); }

  /** Remembers the frame's id, when it is a string, so every later error names the frame it refuses. */
  void noteId() {
    JsonNode id = obj.get("id");
    if (id != null && id.isTextual()) {
      messageId = id.textValue();
    }
  }

  String string(String field) throws ProtocolException {
    JsonNode n = obj.get(field);
    if (n == null || !n.isTextual()) {
      throw fail(ErrorCode.BAD_FRAME, "field '" + field + "' must be a string");
    }
    return n.textValue();
  }

  String nonEmpty(String field) throws ProtocolException {
    String s = string(field);
    if (s.isEmpty()) {
      throw fail(ErrorCode.BAD_FRAME, "field '" + field + "' is empty");
    }
    return s;
  }

  String nick(String field) throws ProtocolException {
    String nick = string(field);
    if (!Names.isValidNick(nick)) {
      throw fail(ErrorCode.BAD_NICK, "'" + printable(nick) + "' is not a valid nick (1-32 of A-Z a-z 0-9 _ -)");
    }
    return nick;
  }

  String room(String field) throws ProtocolException {
    return checkRoom(string(field));
  }

  String checkRoom(String room) throws ProtocolException {
    if (!Names.isValidRoom(room)) {
      throw fail(ErrorCode.BAD_ROOM, "'" + printable(room) + "' is not a valid room (1-64 of A-Z a-z 0-9 _ -)");
    }
    return room;
  }

  String uuid(String field) throws ProtocolException {
    String id = string(field);
    if (!FrameReader.isUuid(id)) {
      throw fail(ErrorCode.BAD_FRAME, "field '" + field + "' must be a UUID");
    }
    return id;
  }

  /** Any integer that fits a long (JSON has no other integer bound). */
  long integer(String field) throws ProtocolException {
    JsonNode n = obj.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
      throw fail(ErrorCode.BAD_FRAME, "field '" + field + "' must be an integer");
    }
    return n.longValue();
  }

  /** {@code seq}, {@code index}: 0 or more. */
  long nonNegative(String field) throws ProtocolException {
    long v = integer(field);
    if (v < 0) {
      throw fail(ErrorCode.BAD_FRAME, "field '" + field + "' must not be negative");
    }
    return v;
  }

  boolean bool(String field) throws ProtocolException {
    JsonNode n = obj.get(field);
    if (n == null || !n.isBoolean()) {
      throw fail(ErrorCode.BAD_FRAME, "field '" + field + "' must be true or false");
    }
    return n.booleanValue();
  }

  /** A member's protocol version: 1 or 2. */
  int version(String field) throws ProtocolException {
    JsonNode n = obj.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || (n.intValue() != 1 && n.intValue() != 2)) {
      throw fail(ErrorCode.BAD_FRAME, "field '" + field + "' must be 1 or 2");
    }
    return n.intValue();
  }

  /** Standard base64 of exactly {@code bytes} bytes (padding optional, as version 1 reads signatures). */
  String base64(String field, int bytes) throws ProtocolException {
    String s = string(field);
    if (!isBase64OfLength(s, bytes)) {
      throw fail(ErrorCode.BAD_FRAME, "field '" + field + "' must be " + bytes + " bytes in base64");
    }
    return s;
  }

  String signature() throws ProtocolException { return base64("signature", SIGNATURE_BYTES); }

  /** A sender-key epoch: 16 bytes as 32 lowercase hex digits. */
  String epoch() throws ProtocolException {
    String s = string("epoch");
    boolean ok = s.length() == 32;
    for (int i = 0; ok && i < 32; i++) {
      char c = s.charAt(i);
      ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
    if (!ok) {
      throw fail(ErrorCode.BAD_FRAME, "field 'epoch' must be 32 lowercase hex digits");
    }
    return s;
  }

  ObjectNode object(String field) throws ProtocolException {
    JsonNode n = obj.get(field);
    if (n == null || !n.isObject()) {
      throw fail(ErrorCode.BAD_FRAME, "field '" + field + "' must be an object");
    }
    return (ObjectNode) n;
  }

  Iterable<JsonNode> array(String field) throws ProtocolException {
    JsonNode n = obj.get(field);
    if (n == null || !n.isArray()) {
      throw fail(ErrorCode.BAD_FRAME, "field '" + field + "' must be an array");
    }
    return n;
  }

  List<String> stringArray(String field) throws ProtocolException {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array(field)) {
      if (!n.isTextual()) {
        throw fail(ErrorCode.BAD_FRAME, "field '" + field + "' must hold strings");
      }
      out.add(n.textValue());
    }
    return out;
  }

  /**
   * {@code encrypted_keys}: at least one recipient, each a valid nick mapped to a string, sorted
   * by nick; with {@code base64Values}, each value must also be non-empty standard base64.
   */
  TreeMap<String, String> encryptedKeys(boolean base64Values) throws ProtocolException {
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
      String value = e.getValue().textValue();
      if (base64Values && (value.isEmpty() || !isBase64(value))) {
        throw fail(ErrorCode.BAD_FRAME, "encrypted key for '" + e.getKey() + "' must be base64");
      }
      wrapped.put(e.getKey(), value);
    }
    if (wrapped.isEmpty()) {
      throw fail(ErrorCode.BAD_FRAME, "field 'encrypted_keys' names no recipient");
    }
    return wrapped;
  }

  ProtocolException fail(ErrorCode code, String message) {
    return new ProtocolException(code, message, messageId);
  }

  static boolean isBase64OfLength(String text, int bytes) {
    try {
      return Base64.getDecoder().decode(text).length == bytes;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isBase64(String text) {
    try {
      Base64.getDecoder().decode(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Base64url text as Fernet tokens use it (padding optional), checked without decoding: a
   * group message may be near the frame limit and the relay checks every one.
   */
  static boolean isBase64Url(String s) {
    return isBase64Url(s.toCharArray(), 0, s.length());
  }

  /** {@link #isBase64Url(String)} over a range of chars: the relay's fast path checks the parser's buffer. */
  static boolean isBase64Url(char[] a, int offset, int length) {
    int end = length;
    while (end > 0 && a[offset + end - 1] == '=' && length - end < 2) {
      end--;
    }
    if (end == 0 || end % 4 == 1 || (end < length && length % 4 != 0)) {
      return false;
    }
    // a table and no early exit: random ciphertext made the range tests' branches mispredict
    int bad = 0;
    for (int i = offset; i < offset + end; i++) {
      char c = a[i];
      bad |= (c >>> 7) | BASE64URL_BAD[c & 0x7f];
    }
    return bad == 0;
  }

  /** 0 for the base64url alphabet's ASCII chars, 1 for every other one. */
  private static final byte[] BASE64URL_BAD = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      BASE64URL_BAD[c] = (byte) (ok ? 0 : 1);
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
