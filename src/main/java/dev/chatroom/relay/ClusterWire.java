package dev.chatroom.relay;

import dev.chatroom.store.Appended;
import dev.chatroom.store.FrameKind;
import dev.chatroom.store.NewFrame;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The version 2 messages between nodes, as compact buffers (the event bus's own Buffer codec,
 * so no codec registration): a {@link #forward} of one room's accepted frames to its owner, the
 * owner's {@link #assigned} seqs in reply, and the {@link Stored} batch the owner sends to each
 * node with sessions in the room.
 */
final class ClusterWire {
  private ClusterWire() {}

  /** One stored frame as nodes route it; {@code bytes} null for a resend already stored (its bytes are in the store). */
  record StoredEntry(long seq, FrameKind kind, String from, List<String> recipients, Buffer bytes) {}

  /** A room's frames, in seq order, that one sequencing step stored. */
  record Stored(String room, List<StoredEntry> entries) {}

  /** A room's accepted frames for its owner, and the nodes the sender's node knows to have sessions in it. */
  record Forward(String room, List<String> nodes, List<NewFrame> frames) {}

  private static final FrameKind[] KINDS = FrameKind.values();

  static Buffer forward(String room, java.util.Collection<String> nodes, List<NewFrame> frames) {
    Buffer out = Buffer.buffer(256 * frames.size());
    writeString(out, room);
    writeStrings(out, List.copyOf(nodes));
    out.appendInt(frames.size());
    for (NewFrame f : frames) {
      out.appendByte((byte) f.kind().ordinal());
      writeString(out, f.from());
      writeString(out, f.id());
      out.appendLong(f.sent());
      out.appendByte((byte) (f.epoch() == null ? 0 : 1));
      if (f.epoch() != null) {
        writeString(out, f.epoch());
      }
      writeStrings(out, f.recipients());
      out.appendLong(f.storedAt());
      out.appendInt(f.bytes().length()).appendBuffer(f.bytes());
    }
    return out;
  }

  static Forward readForward(Buffer in) {
    int[] at = {0};
    String room = readString(in, at);
    List<String> nodes = readStrings(in, at);
    int n = readInt(in, at);
    List<NewFrame> frames = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      FrameKind kind = KINDS[in.getByte(at[0]++)];
      String from = readString(in, at);
      String id = readString(in, at);
      long sent = readLong(in, at);
      String epoch = in.getByte(at[0]++) == 0 ? null : readString(in, at);
      List<String> recipients = readStrings(in, at);
      long storedAt = readLong(in, at);
      Buffer bytes = readBytes(in, at);
      frames.add(new NewFrame(room, kind, from, id, sent, epoch, recipients, bytes, storedAt));
    }
    return new Forward(room, nodes, frames);
  }

  static Buffer assigned(List<Appended> seqs) {
    Buffer out = Buffer.buffer(4 + 9 * seqs.size());
    out.appendInt(seqs.size());
    for (Appended a : seqs) {
      out.appendLong(a.seq()).appendByte((byte) (a.duplicate() ? 1 : 0));
    }
    return out;
  }

  static List<Appended> readAssigned(Buffer in) {
    int[] at = {0};
    int n = readInt(in, at);
    List<Appended> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long seq = readLong(in, at);
      out.add(new Appended(seq, in.getByte(at[0]++) != 0));
    }
    return out;
  }

  static Buffer stored(Stored batch) {
    Buffer out = Buffer.buffer(256 * batch.entries().size());
    writeString(out, batch.room());
    out.appendInt(batch.entries().size());
    for (StoredEntry e : batch.entries()) {
      out.appendLong(e.seq()).appendByte((byte) e.kind().ordinal());
      writeString(out, e.from());
      writeStrings(out, e.recipients());
      out.appendByte((byte) (e.bytes() == null ? 0 : 1));
      if (e.bytes() != null) {
        out.appendInt(e.bytes().length()).appendBuffer(e.bytes());
      }
    }
    return out;
  }

  static Stored readStored(Buffer in) {
    int[] at = {0};
    String room = readString(in, at);
    int n = readInt(in, at);
    List<StoredEntry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long seq = readLong(in, at);
      FrameKind kind = KINDS[in.getByte(at[0]++)];
      String from = readString(in, at);
      List<String> recipients = readStrings(in, at);
      Buffer bytes = in.getByte(at[0]++) == 0 ? null : readBytes(in, at);
      entries.add(new StoredEntry(seq, kind, from, recipients, bytes));
    }
    return new Stored(room, entries);
  }

  private static void writeString(Buffer out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.appendInt(b.length).appendBytes(b);
  }

  private static void writeStrings(Buffer out, List<String> list) {
    out.appendInt(list.size());
    list.forEach(s -> writeString(out, s));
  }

  private static String readString(Buffer in, int[] at) {
    int len = readInt(in, at);
    String s = in.getString(at[0], at[0] + len, "UTF-8");
    at[0] += len;
    return s;
  }

  private static List<String> readStrings(Buffer in, int[] at) {
    int n = readInt(in, at);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(readString(in, at));
    }
    return out;
  }

  private static Buffer readBytes(Buffer in, int[] at) {
    int len = readInt(in, at);
    Buffer b = in.getBuffer(at[0], at[0] + len);
    at[0] += len;
    return b;
  }

  private static int readInt(Buffer in, int[] at) {
    int v = in.getInt(at[0]);
    at[0] += 4;
    return v;
  }

  private static long readLong(Buffer in, int[] at) {
    long v = in.getLong(at[0]);
    at[0] += 8;
    return v;
  }
}
