package dev.chatroom.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The few Redis (RESP2) commands the Redis reference sends, written by hand: no client library. */
final class Resp {
  private Resp() {}

  /** {@code PUBLISH channel payload} as a RESP array of bulk strings. */
  static byte[] publish(String channel, byte[] payload) {
    return command(List.of("PUBLISH".getBytes(StandardCharsets.US_ASCII),
        channel.getBytes(StandardCharsets.US_ASCII), payload));
  }

  /** {@code SUBSCRIBE channel...}. */
  static byte[] subscribe(List<String> channels) {
    List<byte[]> parts = new java.util.ArrayList<>();
    parts.add("SUBSCRIBE".getBytes(StandardCharsets.US_ASCII));
    channels.forEach(c -> parts.add(c.getBytes(StandardCharsets.US_ASCII)));
    return command(parts);
  }

  private static byte[] command(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ascii(out, "*" + parts.size() + "\r\n");
    for (byte[] p : parts) {
      ascii(out, "$" + p.length + "\r\n");
      out.writeBytes(p);
      ascii(out, "\r\n");
    }
    return out.toByteArray();
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }
}
