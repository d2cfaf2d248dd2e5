package dev.chatroom.protocol;

import static dev.chatroom.protocol.AsciiBytes.put;
import static dev.chatroom.protocol.AsciiBytes.putAscii;

import java.util.List;

/**
 * The {@code ack} of a relayed (version 1) or stored (version 2, PROTOCOL.md section 11) frame,
 * written straight into bytes: one goes back for every frame, and a JSON generator per ack was a
 * tenth of the relay's time on small rooms. The bytes are exactly what {@link FrameCodec#encode}
 * writes for the same {@link Frame.Ack}; text that JSON would escape takes that slower path.
 */
public final class AckLine {
  private static final byte[] START = ascii("{\"type\":\"ack\",\"id\":\"");
  private static final byte[] ROOM = ascii("\",\"room\":\"");
  private static final byte[] SEQ = ascii("\",\"seq\":");
  private static final byte[] MISSING = ascii(",\"missing\":["); // after the seq; a version 1 ack closes its id first
  private static final byte[] END = ascii("]}\n");

  private AckLine() {}

  /** The version 2 ack: {@code {"type":"ack","id":..,"room":..,"seq":..,"missing":[..]}} and its newline. */
  public static byte[] encode(String id, String room, long seq, List<String> missing) {
    byte[] out = bytes(id, room, seq, missing);
    return out == null ? FrameCodec.encode(new Frame.Ack(id, missing, room, seq)) : out;
  }

  /** The version 1 ack: {@code {"type":"ack","id":..,"missing":[..]}} and its newline. */
  public static byte[] encodeV1(String id, List<String> missing) {
    byte[] out = bytes(id, null, 0, missing);
    return out == null ? FrameCodec.encode(new Frame.Ack(id, missing)) : out;
  }

  /** The ack's bytes, room and seq left out when {@code room} is null; null when some text needs escaping. */
  private static byte[] bytes(String id, String room, long seq, List<String> missing) {
    String seqText = room == null ? null : Long.toString(seq);
    int size = START.length + id.length() + MISSING.length + END.length
        + (room == null ? 1 : ROOM.length + room.length() + SEQ.length + seqText.length());
    boolean plain = isPlain(id) && (room == null || isPlain(room));
    for (int i = 0; plain && i < missing.size(); i++) {
      plain = isPlain(missing.get(i));
      size += missing.get(i).length() + (i == 0 ? 2 : 3);
    }
    if (!plain) {
      return null;
    }
    byte[] out = new byte[size];
    int at = put(out, 0, START);
    at = putAscii(out, at, id);
    if (room == null) {
      out[at++] = '"';
    } else {
      at = put(out, at, ROOM);
      at = putAscii(out, at, room);
      at = put(out, at, SEQ);
      at = putAscii(out, at, seqText);
    }
    at = put(out, at, MISSING);
    for (int i = 0; i < missing.size(); i++) {
      if (i > 0) {
        out[at++] = ',';
      }
      out[at++] = '"';
      at = putAscii(out, at, missing.get(i));
      out[at++] = '"';
    }
    put(out, at, END);
    return out;
  }

  /** Printable ASCII that JSON writes as it is (no quote, no backslash). */
  private static boolean isPlain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) { return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII); }
}
