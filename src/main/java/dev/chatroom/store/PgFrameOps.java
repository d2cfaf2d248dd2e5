package dev.chatroom.store;

import static dev.chatroom.store.StoreSql.*;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Frame work on PostgreSQL. An append of any number of frames and rooms is one statement
 * ({@link #APPEND}), so one round trip and its own transaction: no BEGIN, no COMMIT, no lookup
 * before the insert. Each room's rooms row stays locked until that commit, so two nodes never
 * interleave a room's seqs.
 */
final class PgFrameOps {
  private PgFrameOps() {}

  private record Key(String room, String from, String id) {
    static Key of(NewFrame f) { return new Key(f.room(), f.from(), f.id()); }
  }

  /**
   * The frames as arrays ($1-$8, ord = position + 1) and their named recipients ($9 ord, $10
   * nick): those already stored come back with their seq and duplicate = true; the rest take
   * the next seqs of their room (rooms locked in name order), in the order given, and are
   * inserted with their recipients. One statement is atomic: all of it is stored or none.
   */
  static final String APPEND = "WITH input AS ("
      + "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::text[], $7::int8[],"
      + " $8::bytea[]) WITH ORDINALITY AS t(room, kind, sender, id, sent, epoch, stored_at, body, ord)),"
      + " stored AS (SELECT i.ord, f.seq FROM input i JOIN frames f"
      + " ON f.room = i.room AND f.sender = i.sender AND f.id = i.id),"
      + " fresh AS (SELECT i.*, row_number() OVER (PARTITION BY i.room ORDER BY i.ord) AS n FROM input i"
      + " WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.ord = i.ord)),"
      + " counts AS (SELECT room, count(*) AS c FROM fresh GROUP BY room),"
      + " taken AS (INSERT INTO rooms AS r (room, last_seq) SELECT room, c FROM counts ORDER BY room"
      + " ON CONFLICT (room) DO UPDATE SET last_seq = r.last_seq + EXCLUDED.last_seq RETURNING r.room, r.last_seq),"
      + " numbered AS (SELECT f.*, t.last_seq - c.c + f.n AS seq FROM fresh f"
      + " JOIN counts c ON c.room = f.room JOIN taken t ON t.room = f.room),"
      + " frames_in AS (INSERT INTO frames (room, seq, kind, sender, id, sent, epoch, stored_at, body)"
      + " SELECT room, seq, kind, sender, id, sent, epoch, stored_at, body FROM numbered),"
      + " recipients_in AS (INSERT INTO frame_recipients (room, seq, nick)"
      + " SELECT n.room, n.seq, x.nick FROM unnest($9::int8[], $10::text[]) AS x(ord, nick)"
      + " JOIN numbered n ON n.ord = x.ord ON CONFLICT DO NOTHING)"
      + " SELECT ord, seq, false FROM numbered UNION ALL SELECT ord, seq, true FROM stored";

  static Future<List<Appended>> append(SqlClient sql, List<NewFrame> frames) {
    // a resend of a frame earlier in this batch is answered here, not sent twice
    Map<Key, Integer> firstInBatch = new HashMap<>();
    List<NewFrame> unique = new ArrayList<>(frames.size());
    int[] uniqueOf = new int[frames.size()];
    boolean[] resend = new boolean[frames.size()];
    for (int i = 0; i < frames.size(); i++) {
      Integer first = firstInBatch.putIfAbsent(Key.of(frames.get(i)), unique.size());
      uniqueOf[i] = first == null ? unique.size() : first;
      resend[i] = first != null;
      if (first == null) {
        unique.add(frames.get(i));
      }
    }
    int n = unique.size();
    String[] rooms = new String[n];
    String[] kinds = new String[n];
    String[] senders = new String[n];
    String[] ids = new String[n];
    Long[] sent = new Long[n];
    String[] epochs = new String[n];
    Long[] storedAt = new Long[n];
    Buffer[] bodies = new Buffer[n];
    List<Long> recipientOrds = new ArrayList<>();
    List<String> recipientNicks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      NewFrame f = unique.get(i);
      rooms[i] = f.room();
      kinds[i] = f.kind().wire();
      senders[i] = f.from();
      ids[i] = f.id();
      sent[i] = f.sent();
      epochs[i] = f.epoch();
      storedAt[i] = f.storedAt();
      bodies[i] = f.bytes();
      for (String nick : new LinkedHashSet<>(f.recipients())) {
        recipientOrds.add(i + 1L);
        recipientNicks.add(nick);
      }
    }
    Tuple args = Tuple.wrap(new Object[] {rooms, kinds, senders, ids, sent, epochs, storedAt, bodies,
        recipientOrds.toArray(Long[]::new), recipientNicks.toArray(String[]::new)});
    return sql.preparedQuery(APPEND).execute(args).compose(rows -> {
      Appended[] byUnique = new Appended[n];
      for (Row row : rows) {
        byUnique[(int) (row.getLong(0) - 1)] = new Appended(row.getLong(1), row.getBoolean(2));
      }
      List<Appended> out = new ArrayList<>(frames.size());
      for (int i = 0; i < frames.size(); i++) {
        Appended a = byUnique[uniqueOf[i]];
        if (a == null) {
          return Future.failedFuture(new IllegalStateException("the store returned no seq for a frame"));
        }
        out.add(resend[i] ? new Appended(a.seq(), true) : a);
      }
      return Future.succeededFuture(out);
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
