package dev.chatroom.store;

import static dev.chatroom.store.StoreSql.*;

import io.vertx.core.buffer.Buffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Frame work on a JDBC connection: append (inside the writer's transaction), paged reads, retention. */
final class SqliteFrameOps {
  private SqliteFrameOps() {}

  /** A frame ready for the writer thread: its bytes copied off the caller's buffer. */
  record Ready(NewFrame frame, byte[] body) {
    static List<Ready> of(List<NewFrame> frames) {
      List<Ready> out = new ArrayList<>(frames.size());
      for (NewFrame f : frames) {
        out.add(new Ready(f, f.bytes().getBytes()));
      }
      return out;
    }
  }

  /** A frame insert that a resend (same room, from, id) turns into nothing; a seq clash still fails. */
  static final String FRAME_INSERT_NEW = FRAME_INSERT + " ON CONFLICT (room, sender, id) DO NOTHING";
  /** Sets a room's last seq (creating the room) once per append, not once per frame. */
  static final String ROOM_SET_SEQ = "INSERT INTO rooms (room, last_seq) VALUES (?, ?)"
      + " ON CONFLICT (room) DO UPDATE SET last_seq = excluded.last_seq";

  /**
   * One statement per new frame: its insert, with the next seq of its room read once per
   * append (the writer holds the write lock, so nothing else takes seqs meanwhile). A resend
   * inserts nothing and is looked up; the rooms' last seqs are written at the end.
   */
  static List<Appended> append(Statements sql, List<Ready> frames) throws SQLException {
    List<Appended> out = new ArrayList<>(frames.size());
    Map<String, long[]> lastSeq = new LinkedHashMap<>(); // room -> {last seq taken, last seq stored}
    for (Ready ready : frames) {
      NewFrame f = ready.frame();
      long[] room = lastSeq.get(f.room());
      if (room == null) {
        long last = sql.queryLong(ROOM_LAST_SEQ, 0, f.room());
        room = new long[] {last, last};
        lastSeq.put(f.room(), room);
      }
      long seq = room[0] + 1;
      if (sql.update(FRAME_INSERT_NEW, f.room(), seq, f.kind().wire(), f.from(), f.id(), f.sent(), f.epoch(),
          f.storedAt(), ready.body()) == 0) {
        long first = sql.queryLong(FRAME_SEQ, -1, f.room(), f.from(), f.id());
        if (first < 0) {
          throw new SQLException("frame " + f.id() + " was neither stored nor found");
        }
        out.add(new Appended(first, true));
        continue;
      }
      room[0] = seq;
      for (String nick : new LinkedHashSet<>(f.recipients())) {
        sql.update(RECIPIENT_INSERT, f.room(), seq, nick);
      }
      out.add(new Appended(seq, false));
    }
    for (var e : lastSeq.entrySet()) {
      if (e.getValue()[0] != e.getValue()[1]) {
        sql.update(ROOM_SET_SEQ, e.getKey(), e.getValue()[0]);
      }
    }
    return out;
  }

  static List<StoredFrame> read(Statements sql, String room, String nick, long after, int limit) throws SQLException {
    List<StoredFrame> out = new ArrayList<>(Math.min(limit, 64));
    try (ResultSet rs = sql.bind(FRAMES_PAGE, nick, room, after, limit).executeQuery()) {
      while (rs.next()) {
        out.add(new StoredFrame(room, rs.getLong(1), FrameKind.ofWire(rs.getString(2)), rs.getString(3),
            rs.getString(4), rs.getLong(5), rs.getString(6), rs.getLong(7), Buffer.buffer(rs.getBytes(8))));
      }
    }
    return out;
  }

  /** Retention for one room; returns the frames deleted. */
  static long pruneRoom(Statements sql, String room, Retention retention, long now) throws SQLException {
    long lastSeq = sql.queryLong(ROOM_LAST_SEQ, 0, room);
    long countCut = lastSeq - retention.maxFramesPerRoom();
    long ageCut = now - retention.maxAge().toMillis();
    return sql.update(PRUNE_ROOM, room, countCut, ageCut, countCut, ageCut);
  }

  /** Every room's name, for a prune pass. */
  static List<String> roomNames(Statements sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = sql.bind(ROOM_NAMES).executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  static List<RoomStats> rooms(Statements sql, String afterRoom, int limit) throws SQLException {
    List<RoomStats> out = new ArrayList<>();
    try (ResultSet rs = sql.bind(ROOM_STATS, afterRoom, limit).executeQuery()) {
      while (rs.next()) {
        out.add(new RoomStats(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
      }
    }
    return out;
  }
}
