package dev.chatroom.relay;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The message frames one read produced for one room, each with the recipients it names that
 * were in the room. Crosses the event bus once per node that has recipients, not per frame.
 */
final class RoomBatch {
  record Entry(Buffer line, List<String> recipients) {}

  final String room;
  final List<Entry> entries = new ArrayList<>();

  RoomBatch(String room) { this.room = room; }

  void add(Buffer line, List<String> recipients) { entries.add(new Entry(line, recipients)); }

  /** Wire form for the clustered event bus; a local delivery passes the object itself. */
  static final class Codec implements MessageCodec<RoomBatch, RoomBatch> {
    static final String NAME = "chatroom-room-batch";

    @Override
    public void encodeToWire(Buffer out, RoomBatch batch) {
      writeString(out, batch.room);
      out.appendInt(batch.entries.size());
      for (Entry e : batch.entries) {
        out.appendShort((short) e.recipients().size());
        for (String nick : e.recipients()) {
          writeString(out, nick);
        }
        out.appendInt(e.line().length());
        out.appendBuffer(e.line());
      }
    }

    @Override
    public RoomBatch decodeFromWire(int pos, Buffer in) {
      int[] at = {pos};
      RoomBatch batch = new RoomBatch(readString(in, at));
      int count = in.getInt(at[0]);
      at[0] += 4;
      for (int i = 0; i < count; i++) {
        int n = in.getShort(at[0]) & 0xffff;
        at[0] += 2;
        List<String> recipients = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
          recipients.add(readString(in, at));
        }
        int len = in.getInt(at[0]);
        at[0] += 4;
        batch.add(in.getBuffer(at[0], at[0] + len), recipients);
        at[0] += len;
      }
      return batch;
    }

    @Override
    public RoomBatch transform(RoomBatch batch) { return batch; } // immutable once published

    @Override
    public String name() { return NAME; }

    @Override
    public byte systemCodecID() { return -1; }

    private static void writeString(Buffer out, String s) {
      byte[] b = s.getBytes(StandardCharsets.US_ASCII); // nicks and rooms are ASCII by protocol
      out.appendByte((byte) b.length);
      out.appendBytes(b);
    }

    private static String readString(Buffer in, int[] at) {
      int len = in.getByte(at[0]) & 0xff;
      String s = in.getString(at[0] + 1, at[0] + 1 + len, "US-ASCII");
      at[0] += 1 + len;
      return s;
    }
  }
}
