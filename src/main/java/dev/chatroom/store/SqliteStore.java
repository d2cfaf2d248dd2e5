package dev.chatroom.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link RelayStore} on one SQLite file in WAL mode: every write goes through the
 * {@link SqliteWriter} thread (group commit), every read to {@link SqliteReaders}.
 */
final class SqliteStore implements RelayStore {
  static final int READERS = 2;

  private final Vertx vertx;
  private final StoreLocation.Sqlite where;
  private final SqliteWriter writer;
  private final SqliteReaders readers;

  private SqliteStore(Vertx vertx, StoreLocation.Sqlite where, SqliteWriter writer, SqliteReaders readers) {
    this.vertx = vertx;
    this.where = where;
    this.writer = writer;
    this.readers = readers;
  }

  static Future<RelayStore> open(Vertx vertx, StoreLocation.Sqlite where) {
    return vertx.executeBlocking(() -> openBlocking(vertx, where), false);
  }

  private static RelayStore openBlocking(Vertx vertx, StoreLocation.Sqlite where) throws StoreException {
    Path file = where.path();
    try {
      SqliteFiles.prepare(file);
    } catch (IOException e) {
      throw new StoreException("store " + where + " cannot be created: " + e.getMessage(), e);
    }
    List<Statements> opened = new ArrayList<>();
    try {
      Statements write = new Statements(SqliteFiles.writer(file));
      opened.add(write);
      SqliteSchema.migrate(write.connection(), where);
      Statements checkpoints = new Statements(SqliteFiles.checkpointer(file));
      opened.add(checkpoints);
      List<Statements> reads = new ArrayList<>();
      for (int i = 0; i < READERS; i++) {
        Statements read = new Statements(SqliteFiles.reader(file));
        opened.add(read);
        reads.add(read);
      }
      SqliteWriter writer = new SqliteWriter(write, where, new SqliteCheckpointer(checkpoints.connection()));
      return new SqliteStore(vertx, where, writer, new SqliteReaders(vertx, reads, where));
    } catch (SQLException e) {
      opened.forEach(Statements::close);
      throw new StoreException("store " + where + " cannot be opened: " + SqliteFiles.reason(e), e);
    } catch (StoreException | RuntimeException e) {
      opened.forEach(Statements::close);
      throw e;
    }
  }

  private <T> Future<T> write(SqlOp<T> op) {
    return writer.submit(vertx.getOrCreateContext(), op);
  }

  @Override
  public StoreLocation location() { return where; }

  @Override
  public Future<RegisterOutcome> register(Registration registration) {
    return write(sql -> SqliteMemberOps.register(sql, registration));
  }

  @Override
  public Future<Optional<Registration>> registration(String nick) {
    return readers.submit(sql -> SqliteMemberOps.registration(sql, nick));
  }

  @Override
  public Future<Void> touch(String nick, long now) {
    return write(sql -> SqliteMemberOps.touch(sql, nick, now));
  }

  @Override
  public Future<Boolean> removeRegistration(String nick) {
    return write(sql -> SqliteMemberOps.removeRegistration(sql, nick));
  }

  @Override
  public Future<List<String>> expireRegistrations(long before) {
    return write(sql -> SqliteMemberOps.expireRegistrations(sql, before));
  }

  @Override
  public Future<JoinOutcome> join(String room, String nick, int version, long now, int maxRoomsPerMember,
      int maxRoomMembers) {
    return write(sql -> SqliteMemberOps.join(sql, room, nick, version, now, maxRoomsPerMember, maxRoomMembers));
  }

  @Override
  public Future<Boolean> part(String room, String nick) {
    return write(sql -> SqliteMemberOps.part(sql, room, nick));
  }

  @Override
  public Future<Optional<Membership>> membership(String room, String nick) {
    return readers.submit(sql -> SqliteMemberOps.membership(sql, room, nick));
  }

  @Override
  public Future<List<Membership>> roomsOf(String nick) {
    return readers.submit(sql -> SqliteMemberOps.roomsOf(sql, nick));
  }

  @Override
  public Future<List<Member>> members(String room, String afterNick, int limit) {
    int page = Math.max(0, Math.min(limit, MAX_PAGE));
    return readers.submit(sql -> SqliteMemberOps.members(sql, room, afterNick, page));
  }

  @Override
  public Future<Long> memberCount(String room) {
    return readers.submit(sql -> sql.queryLong(StoreSql.COUNT_MEMBERS, 0, room));
  }

  @Override
  public Future<java.util.Set<String>> membersAmong(String room, java.util.Collection<String> nicks) {
    if (nicks.isEmpty()) {
      return Future.succeededFuture(java.util.Set.of());
    }
    List<String> copy = List.copyOf(nicks);
    return readers.submit(sql -> SqliteMemberOps.membersAmong(sql, room, copy));
  }

  @Override
  public Future<List<Membership>> expireMembers(long before) {
    return write(sql -> SqliteMemberOps.expireMembers(sql, before));
  }

  @Override
  public Future<List<Appended>> append(List<NewFrame> frames) {
    if (frames.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<SqliteFrameOps.Ready> ready = SqliteFrameOps.Ready.of(frames);
    return writer.append(vertx.getOrCreateContext(), ready);
  }

  @Override
  public Future<List<StoredFrame>> read(String room, String nick, long after, int limit) {
    int page = Math.max(0, Math.min(limit, MAX_PAGE));
    return readers.submit(sql -> SqliteFrameOps.read(sql, room, nick, after, page));
  }

  @Override
  public Future<Long> maxSeq(String room) {
    return readers.submit(sql -> sql.queryLong(StoreSql.ROOM_LAST_SEQ, 0, room));
  }

  @Override
  public Future<Long> prune(Retention retention, long now) {
    // one transaction per room, so appends queued meanwhile wait for one room's delete, not all
    return readers.submit(SqliteFrameOps::roomNames).compose(rooms -> {
      List<Future<Long>> each = new ArrayList<>(rooms.size());
      for (String room : rooms) {
        each.add(pruneRoom(room, retention, now));
      }
      return Future.all(each).map(done -> each.stream().mapToLong(Future::result).sum());
    });
  }

  @Override
  public Future<Long> pruneRoom(String room, Retention retention, long now) {
    return write(sql -> SqliteFrameOps.pruneRoom(sql, room, retention, now));
  }

  @Override
  public Future<List<RoomStats>> rooms(String afterRoom, int limit) {
    int page = Math.max(0, Math.min(limit, MAX_PAGE));
    return readers.submit(sql -> SqliteFrameOps.rooms(sql, afterRoom, page));
  }

  @Override
  public Future<Void> closeAsync() {
    return writer.close().compose(v -> readers.close());
  }
}
