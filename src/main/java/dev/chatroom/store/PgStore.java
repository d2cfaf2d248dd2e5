package dev.chatroom.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link RelayStore} on PostgreSQL through the reactive client: one pool, statements pipelined,
 * nothing blocks. Writes go through {@link PgWriter} (group commit), reads straight to the pool.
 * Every node of a cluster points at the same database.
 */
final class PgStore implements RelayStore {
  static final int POOL_SIZE = 4;
  static final int PIPELINING = 256;
  /** Longer than any pause between a transaction's statements on a live relay; see {@link #open}. */
  static final int IDLE_IN_TRANSACTION_MS = 2_000;

  private final StoreLocation.Postgres where;
  private final Pool pool;
  private final PgWriter writer;
  private final Vertx vertx;

  private PgStore(Vertx vertx, StoreLocation.Postgres where, Pool pool, Context context) {
    this.vertx = vertx;
    this.where = where;
    this.pool = pool;
    this.writer = new PgWriter(pool, context, where);
  }

  /** The password comes from the setting, else from PGPASSWORD, else none. */
  static Future<RelayStore> open(Vertx vertx, StoreLocation.Postgres where) {
    String password = where.password() != null ? where.password() : System.getenv("PGPASSWORD");
    PgConnectOptions connect = new PgConnectOptions().setHost(where.host()).setPort(where.port())
        .setDatabase(where.database()).setUser(where.user()).setPipeliningLimit(PIPELINING)
        // parsed once per connection: without the cache every statement costs a Parse round trip first
        .setCachePreparedStatements(true)
        // a relay hung mid-transaction (SIGSTOP, long GC) would hold its rooms' row locks and stall
        // every other node's writes to them; the server ends such a transaction, nothing is stored
        .addProperty("idle_in_transaction_session_timeout", String.valueOf(IDLE_IN_TRANSACTION_MS));
    if (password != null) {
      connect.setPassword(password);
    }
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(POOL_SIZE)
        .setConnectionTimeout(10).setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS)).connectingTo(connect).using(vertx).build();
    Context context = vertx.getOrCreateContext();
    return PgSchema.migrate(pool, where)
        .<RelayStore>map(v -> new PgStore(vertx, where, pool, context))
        .recover(e -> pool.close().transform(x -> Future.failedFuture(
            e instanceof StoreException ? e : failure(where, "cannot be opened", e))));
  }

  /** One sentence naming the store; the password is never in it, even if a driver message held it. */
  static StoreException failure(StoreLocation.Postgres where, String what, Throwable cause) {
    if (cause instanceof StoreException s) {
      return s;
    }
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    String password = where.password() != null ? where.password() : System.getenv("PGPASSWORD");
    if (password != null && !password.isEmpty()) {
      reason = reason.replace(password, "***");
    }
    return new StoreException("store " + where + " " + what + ": " + reason, null);
  }

  static StoreException failure(StoreLocation where, String what, Throwable cause) {
    return failure((StoreLocation.Postgres) where, what, cause);
  }

  private <T> Future<T> write(PgWriter.PgOp<T> op) {
    return writer.submit(vertx.getOrCreateContext(), op);
  }

  private <T> Future<T> read(Future<T> query) {
    return query.recover(e -> Future.failedFuture(failure(where, "could not read", e)));
  }

  @Override
  public StoreLocation location() { return where; }

  @Override
  public Future<RegisterOutcome> register(Registration registration) {
    return write(sql -> PgMemberOps.register(sql, registration));
  }

  @Override
  public Future<Optional<Registration>> registration(String nick) {
    return read(PgMemberOps.registration(pool, nick));
  }

  @Override
  public Future<Void> touch(String nick, long now) {
    return write(sql -> PgMemberOps.touch(sql, nick, now));
  }

  @Override
  public Future<Boolean> removeRegistration(String nick) {
    return write(sql -> PgMemberOps.removeRegistration(sql, nick));
  }

  @Override
  public Future<List<String>> expireRegistrations(long before) {
    return write(sql -> PgMemberOps.expireRegistrations(sql, before));
  }

  @Override
  public Future<JoinOutcome> join(String room, String nick, int version, long now, int maxRoomsPerMember,
      int maxRoomMembers) {
    return write(sql -> PgMemberOps.join(sql, room, nick, version, now, maxRoomsPerMember, maxRoomMembers));
  }

  @Override
  public Future<Boolean> part(String room, String nick) {
    return write(sql -> PgMemberOps.part(sql, room, nick));
  }

  @Override
  public Future<Optional<Membership>> membership(String room, String nick) {
    return read(PgMemberOps.membership(pool, room, nick));
  }

  @Override
  public Future<List<Membership>> roomsOf(String nick) {
    return read(PgMemberOps.roomsOf(pool, nick));
  }

  @Override
  public Future<List<Member>> members(String room, String afterNick, int limit) {
    return read(PgMemberOps.members(pool, room, afterNick, Math.max(0, Math.min(limit, MAX_PAGE))));
  }

  @Override
  public Future<Long> memberCount(String room) {
    return read(PgSql.queryLong(pool, StoreSql.COUNT_MEMBERS, 0, room));
  }

  @Override
  public Future<java.util.Set<String>> membersAmong(String room, java.util.Collection<String> nicks) {
    if (nicks.isEmpty()) {
      return Future.succeededFuture(java.util.Set.of());
    }
    List<String> copy = List.copyOf(nicks);
    return read(PgMemberOps.membersAmong(pool, room, copy));
  }

  @Override
  public Future<List<Membership>> expireMembers(long before) {
    return write(sql -> PgMemberOps.expireMembers(sql, before));
  }

  @Override
  public Future<List<Appended>> append(List<NewFrame> frames) {
    if (frames.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    // copied now: the caller may reuse its buffers once this returns
    List<NewFrame> copies = new ArrayList<>(frames.size());
    for (NewFrame f : frames) {
      copies.add(new NewFrame(f.room(), f.kind(), f.from(), f.id(), f.sent(), f.epoch(), f.recipients(),
          Buffer.buffer(f.bytes().getBytes()), f.storedAt()));
    }
    return writer.append(vertx.getOrCreateContext(), copies);
  }

  @Override
  public Future<List<StoredFrame>> read(String room, String nick, long after, int limit) {
    return read(PgFrameOps.read(pool, room, nick, after, Math.max(0, Math.min(limit, MAX_PAGE))));
  }

  @Override
  public Future<Long> maxSeq(String room) {
    return read(PgSql.queryLong(pool, StoreSql.ROOM_LAST_SEQ, 0, room));
  }

  @Override
  public Future<Long> prune(Retention retention, long now) {
    // one transaction per room, so appends queued meanwhile wait for one room's delete, not all
    return read(PgFrameOps.roomNames(pool)).compose(rooms -> {
      List<Future<Long>> each = new ArrayList<>(rooms.size());
      for (String room : rooms) {
        each.add(pruneRoom(room, retention, now));
      }
      return Future.all(each).map(done -> each.stream().mapToLong(Future::result).sum());
    });
  }

  @Override
  public Future<Long> pruneRoom(String room, Retention retention, long now) {
    return write(sql -> PgFrameOps.pruneRoom(sql, room, retention, now));
  }

  @Override
  public Future<List<RoomStats>> rooms(String afterRoom, int limit) {
    return read(PgFrameOps.rooms(pool, afterRoom, Math.max(0, Math.min(limit, MAX_PAGE))));
  }

  @Override
  public Future<Void> closeAsync() {
    return writer.close().compose(v -> pool.close());
  }
}
