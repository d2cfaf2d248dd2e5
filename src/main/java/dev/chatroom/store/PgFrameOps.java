package dev.chatroom.store;

import static dev.chatroom.store.StoreSql.*;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Frame work on PostgreSQL in few round trips: the dedupe lookups pipelined, one seq range per
 * room (its row stays locked until commit, so two nodes never interleave a room's seqs), then
 * the rows as two pipelined batches.
 */
final class PgFrameOps {
  private PgFrameOps() {}

  private record Key(String room, String from, String id) {
    static Key of(NewFrame f) { return new Key(f.room(), f.from(), f.id()); }
  }

  /** The stored seqs of (from, id) pairs of one room, in one round trip. */
  static final String FRAME_SEQS = "SELECT sender, id, seq FROM frames WHERE room = ?"
      + " AND (sender, id) IN (SELECT * FROM unnest(?::text[], ?::text[]))";

  static Future<List<Appended>> append(SqlClient sql, List<NewFrame> frames) {
    Map<String, List<NewFrame>> byRoom = new LinkedHashMap<>();
    for (NewFrame f : frames) {
      byRoom.computeIfAbsent(f.room(), r -> new ArrayList<>()).add(f);
    }
    Map<Key, Long> stored = new HashMap<>();
    List<Future<?>> lookups = new ArrayList<>(byRoom.size());
    for (var e : byRoom.entrySet()) {
      String[] senders = e.getValue().stream().map(NewFrame::from).toArray(String[]::new);
      String[] ids = e.getValue().stream().map(NewFrame::id).toArray(String[]::new);
      lookups.add(PgSql.query(sql, FRAME_SEQS, e.getKey(), senders, ids).onSuccess(rows -> {
        for (Row row : rows) {
          stored.put(new Key(e.getKey(), row.getString(0), row.getString(1)), row.getLong(2));
        }
      }));
    }
    return Future.all(lookups).compose(done -> {
      Appended[] out = new Appended[frames.size()];
      Map<Key, Integer> firstInBatch = new HashMap<>();
      Map<String, List<Integer>> newByRoom = new LinkedHashMap<>();
      for (int i = 0; i < frames.size(); i++) {
        Long first = stored.get(Key.of(frames.get(i)));
        if (first != null) {
          out[i] = new Appended(first, true);
        } else if (firstInBatch.putIfAbsent(Key.of(frames.get(i)), i) == null) {
          newByRoom.computeIfAbsent(frames.get(i).room(), r -> new ArrayList<>()).add(i);
        }
      }
      List<Future<Long>> ranges = new ArrayList<>();
      List<String> rooms = new ArrayList<>(newByRoom.keySet());
      for (String room : rooms) {
        long n = newByRoom.get(room).size();
        ranges.add(PgSql.queryLong(sql, ROOM_TAKE_SEQS, -1, room, n, n));
      }
      return Future.all(ranges).compose(v -> {
        List<Tuple> rows = new ArrayList<>();
        List<Tuple> recipients = new ArrayList<>();
        for (int r = 0; r < rooms.size(); r++) {
          List<Integer> indexes = newByRoom.get(rooms.get(r));
          long seq = ranges.get(r).result() - indexes.size();
          for (int i : indexes) {
            NewFrame f = frames.get(i);
            out[i] = new Appended(++seq, false);
            rows.add(Tuple.wrap(new Object[] {f.room(), seq, f.kind().wire(), f.from(), f.id(), f.sent(), f.epoch(),
                f.storedAt(), f.bytes()}));
            for (String nick : new LinkedHashSet<>(f.recipients())) {
              recipients.add(Tuple.of(f.room(), seq, nick));
            }
          }
        }
        for (int i = 0; i < frames.size(); i++) {
          if (out[i] == null) {
            // a resend of a frame earlier in this same batch
            out[i] = new Appended(out[firstInBatch.get(Key.of(frames.get(i)))].seq(), true);
          }
        }
        return PgSql.batch(sql, FRAME_INSERT, rows)
            .compose(x -> PgSql.batch(sql, RECIPIENT_INSERT, recipients))
            .map(x -> List.of(out));
      });
    });
  }

  static Future<List<StoredFrame>> read(SqlClient sql, String room, String nick, long after, int limit) {
    return PgSql.query(sql, FRAMES_PAGE, nick, room, after, (long) limit).map(rows -> {
      List<StoredFrame> out = new ArrayList<>(rows.size());
      for (Row row : rows) {
        out.add(new StoredFrame(room, row.getLong(0), FrameKind.ofWire(row.getString(1)), row.getString(2),
            row.getString(3), row.getLong(4), row.getString(5), row.getLong(6), row.getBuffer(7)));
      }
      return out;
    });
  }

  static Future<Long> pruneRoom(SqlClient sql, String room, Retention retention, long now) {
    long ageCut = now - retention.maxAge().toMillis();
    return PgSql.queryLong(sql, PgMemberOps.ROOM_LOCK, 0, room).compose(lastSeq -> {
      long countCut = lastSeq - retention.maxFramesPerRoom();
      return PgSql.query(sql, PRUNE_ROOM, room, countCut, ageCut, countCut, ageCut);
    }).map(rows -> (long) PgSql.updated(rows));
  }

  static Future<List<String>> roomNames(SqlClient sql) {
    return PgSql.query(sql, ROOM_NAMES).map(rows -> {
      List<String> out = new ArrayList<>();
      for (Row row : rows) {
        out.add(row.getString(0));
      }
      return out;
    });
  }

  static Future<List<RoomStats>> rooms(SqlClient sql, String afterRoom, int limit) {
    return PgSql.query(sql, ROOM_STATS, afterRoom, (long) limit).map(rows -> {
      List<RoomStats> out = new ArrayList<>();
      for (Row row : rows) {
        out.add(new RoomStats(row.getString(0), row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)));
      }
      return out;
    });
  }
}
