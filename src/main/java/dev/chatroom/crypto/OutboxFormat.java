package dev.chatroom.crypto;

import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.Names;
import dev.chatroom.protocol.ProtocolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code outbox} file: a header, one {@code from room id m|k base64(frame)} line per frame
 * ({@code m}: it carries a typed line; {@code k}: keys only), then {@code end COUNT SHA256} over
 * every byte before it, so a truncated or altered file is refused instead of half read.
 */
final class OutboxFormat {
  static final String HEADER = "chatroom-outbox-v1";
  /** What our codec can write as an id, bar spaces (a line splits on them). */
  private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,200}");

  /** The file is not what this class writes; the message is the one sentence the user sees. */
  static final class Damaged extends IOException {
    private static final long serialVersionUID = 1L;

    Damaged(Path file, int line, String why) {
      super(file + " is damaged (line " + line + ": " + why + "); it holds messages not yet sent,"
          + " so it was left as it is: move it away to start without them");
    }
  }

  private OutboxFormat() {}

  static byte[] encode(List<OutboxStore.Entry> entries) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    Base64.Encoder b64 = Base64.getEncoder();
    for (OutboxStore.Entry e : entries) {
      out.append(e.from()).append(' ').append(e.room()).append(' ').append(e.id()).append(' ')
          .append(e.line() ? 'm' : 'k').append(' ').append(b64.encodeToString(e.frame())).append('\n');
    }
    byte[] body = out.toString().getBytes(StandardCharsets.US_ASCII);
    String end = "end " + entries.size() + " " + HexFormat.of().formatHex(sha256(body)) + "\n";
    byte[] all = new byte[body.length + end.length()];
    System.arraycopy(body, 0, all, 0, body.length);
    System.arraycopy(end.getBytes(StandardCharsets.US_ASCII), 0, all, body.length, end.length());
    return all;
  }

  /** Every entry, checked field by field and against the checksum; {@link Damaged} otherwise. */
  static List<OutboxStore.Entry> read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.ISO_8859_1); // one char per byte: offsets match
    String[] lines = text.split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      throw new Damaged(file, 1, "not an outbox header");
    }
    List<OutboxStore.Entry> entries = new ArrayList<>();
    int offset = HEADER.length() + 1;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("end ")) {
        checkEnd(file, i + 1, line, entries.size(), java.util.Arrays.copyOf(bytes, offset));
        if (i + 2 != lines.length || !lines[i + 1].isEmpty()) {
          throw new Damaged(file, i + 2, "text after the end line");
        }
        return entries;
      }
      entries.add(entry(file, i + 1, line));
      offset += line.length() + 1;
    }
    throw new Damaged(file, lines.length, "no end line (cut short)");
  }

  private static void checkEnd(Path file, int n, String line, int count, byte[] body) throws Damaged {
    String[] f = line.split(" ");
    if (f.length != 3 || !f[1].equals(String.valueOf(count))) {
      throw new Damaged(file, n, "the count does not match the frames");
    }
    byte[] want;
    try {
      want = HexFormat.of().parseHex(f[2]);
    } catch (IllegalArgumentException e) {
      throw new Damaged(file, n, "not a checksum");
    }
    if (!MessageDigest.isEqual(want, sha256(body))) {
      throw new Damaged(file, n, "the checksum does not match");
    }
  }

  private static OutboxStore.Entry entry(Path file, int n, String line) throws Damaged {
    String[] f = line.split(" ", -1);
    if (f.length != 5 || !Names.isValidNick(f[0]) || !Names.isValidRoom(f[1]) || !ID.matcher(f[2]).matches()
        || !(f[3].equals("m") || f[3].equals("k"))) {
      throw new Damaged(file, n, "not a frame line");
    }
    byte[] frame;
    Frame decoded;
    try {
      frame = Base64.getDecoder().decode(f[4]);
      decoded = FrameCodec.decode(frame);
    } catch (IllegalArgumentException | ProtocolException e) {
      throw new Damaged(file, n, "not a frame");
    }
    if (!names(decoded, f[0], f[1], f[2])) {
      throw new Damaged(file, n, "the frame is not the one the line names");
    }
    return new OutboxStore.Entry(f[0], f[1], f[2], f[3].equals("m"), frame);
  }

  /** Only frames the relay stores and acks, with the sender, room and id the line says. */
  private static boolean names(Frame f, String from, String room, String id) {
    if (f instanceof Frame.Message m) {
      return m.from().equals(from) && m.room().equals(room) && m.id().equals(id);
    } else if (f instanceof Frame.GroupMessage g) {
      return g.from().equals(from) && g.room().equals(room) && g.id().equals(id);
    } else if (f instanceof Frame.SenderKey k) {
      return k.from().equals(from) && k.room().equals(room) && k.id().equals(id);
    }
    return false;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
