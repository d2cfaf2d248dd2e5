package dev.chatroom.protocol;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.List;

/**
 * The version 2 {@code ack} of a stored frame (PROTOCOL.md section 11), written straight into
 * bytes: one goes back for every frame the relay stores, and a JSON generator per ack was a
 * tenth of the relay's time on small rooms. The bytes are exactly what {@link FrameCodec#encode}
 * writes for the same {@link Frame.Ack}; text that JSON would escape takes that slower path.
 */
public final class AckLine {
  private static final byte[] START = ascii("{\"type\":\"ack\",\"id\":\"");
  private static final byte[] ROOM = ascii("\",\"room\":\"");
  private static final byte[] SEQ = ascii("\",\"seq\":");
  private static final byte[] MISSING = ascii(",\"missing\":[");
  private static final byte[] END = ascii("]}\n");

  private AckLine() {}

  /** {@code {"type":"ack","id":..,"room":..,"seq":..,"missing":[..]}} and its newline. */
  public static Buffer encode(String id, String room, long seq, List<String> missing) {
    int size = START.length + id.length() + ROOM.length + room.length() + SEQ.length + 20 + MISSING.length + END.length;
    boolean plain = isPlain(id) && isPlain(room);
    for (String nick : missing) {
      plain &= isPlain(nick);
      size += nick.length() + 3;
    }
    if (!plain) {
      return Buffer.buffer(FrameCodec.encode(new Frame.Ack(id, missing, room, seq)));
    }
    byte[] out = new byte[size];
    int at = put(out, 0, START);
    at = putAscii(out, at, id);
    at = put(out, at, ROOM);
    at = putAscii(out, at, room);
    at = put(out, at, SEQ);
    at = putAscii(out, at, Long.toString(seq));
    at = put(out, at, MISSING);
    for (int i = 0; i < missing.size(); i++) {
      if (i > 0) {
        out[at++] = ',';
      }
      out[at++] = '"';
      at = putAscii(out, at, missing.get(i));
      out[at++] = '"';
    }
    at = put(out, at, END);
    return BufferInternal.buffer(Unpooled.wrappedBuffer(out, 0, at));
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

  private static int put(byte[] out, int at, byte[] bytes) {
    System.arraycopy(bytes, 0, out, at, bytes.length);
    return at + bytes.length;
  }

  private static int putAscii(byte[] out, int at, String s) {
    for (int i = 0; i < s.length(); i++) {
      out[at++] = (byte) s.charAt(i);
    }
    return at;
  }

  private static byte[] ascii(String s) { return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII); }
}
