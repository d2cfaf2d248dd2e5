package dev.chatroom.store;

import static dev.chatroom.store.StoreSql.*;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Registration and membership work on PostgreSQL; writes run inside the writer's transaction,
 * where conflicts with other nodes end in ON CONFLICT or a row lock, never in a wrong answer.
 */
final class PgMemberOps {
  private PgMemberOps() {}

  static final String REGISTRATION_INSERT_IF_FREE = REGISTRATION_INSERT + " ON CONFLICT (nick) DO NOTHING";
  static final String ROOM_LOCK = "SELECT last_seq FROM rooms WHERE room = ? FOR UPDATE";

  static Future<RegisterOutcome> register(SqlClient sql, Registration r) {
    return PgSql.query(sql, REGISTRATION_INSERT_IF_FREE, r.nick(), r.fingerprint(), r.encKey(), r.sigKey(),
        r.registeredAt(), r.lastSeen()).compose(inserted -> {
          if (PgSql.updated(inserted) == 1) {
            return Future.succeededFuture(RegisterOutcome.REGISTERED);
          }
          return registration(sql, r.nick()).compose(existing -> {
            if (existing.isEmpty() || !SqliteMemberOps.sameFingerprint(existing.get().fingerprint(), r.fingerprint())) {
              return Future.succeededFuture(RegisterOutcome.OTHER_IDENTITY);
            }
            return PgSql.query(sql, REGISTRATION_TOUCH, r.lastSeen(), r.nick()).map(RegisterOutcome.SAME_IDENTITY);
          });
        });
  }

  static Future<Optional<Registration>> registration(SqlClient sql, String nick) {
    return PgSql.query(sql, REGISTRATION, nick).map(rows -> {
      for (Row row : rows) {
        return Optional.of(new Registration(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
            row.getLong(4), row.getLong(5)));
      }
      return Optional.empty();
    });
  }

  static Future<Void> touch(SqlClient sql, String nick, long now) {
    return PgSql.query(sql, REGISTRATION_TOUCH, now, nick)
        .compose(v -> PgSql.query(sql, MEMBERSHIPS_TOUCH, now, nick)).mapEmpty();
  }

  static Future<Boolean> removeRegistration(SqlClient sql, String nick) {
    return PgSql.query(sql, MEMBERSHIPS_DELETE_NICK, nick)
        .compose(v -> PgSql.query(sql, REGISTRATION_DELETE, nick)).map(rows -> PgSql.updated(rows) > 0);
  }

  // DELETE ... RETURNING: what is returned is exactly what was deleted, whatever other nodes do meanwhile
  static final String REGISTRATIONS_EXPIRE = REGISTRATIONS_DELETE_EXPIRED + " RETURNING nick";
  static final String MEMBERSHIPS_EXPIRE = MEMBERSHIPS_DELETE_EXPIRED + " RETURNING " + MEMBERSHIP_COLUMNS;
  static final String MEMBERSHIPS_DELETE_NICKS = "DELETE FROM memberships WHERE nick = ANY(?)";

  static Future<List<String>> expireRegistrations(SqlClient sql, long before) {
    return PgSql.query(sql, REGISTRATIONS_EXPIRE, before).compose(rows -> {
      List<String> nicks = new ArrayList<>();
      for (Row row : rows) {
        nicks.add(row.getString(0));
      }
      nicks.sort(null);
      return PgSql.query(sql, MEMBERSHIPS_DELETE_NICKS, (Object) nicks.toArray(new String[0])).map(nicks);
    });
  }

  /** The room's row is locked first, so joins and appends of one room queue behind each other across nodes. */
  static Future<JoinOutcome> join(SqlClient sql, String room, String nick, int version, long now,
      int maxRooms, int maxMembers) {
    return PgSql.query(sql, ROOM_ENSURE, room)
        .compose(v -> PgSql.queryLong(sql, ROOM_LOCK, 0, room))
        .compose(joinSeq -> membership(sql, room, nick).compose(existing -> {
          if (existing.isPresent()) {
            Membership m = existing.get();
            return PgSql.query(sql, MEMBERSHIP_TOUCH_ONE, now, room, nick).map(v -> (JoinOutcome)
                new JoinOutcome.AlreadyMember(new Membership(room, nick, m.version(), m.joinedAt(), now, m.joinSeq())));
          }
          return PgSql.queryLong(sql, COUNT_ROOMS_OF, 0, nick).compose(rooms -> {
            if (rooms >= maxRooms) {
              return Future.succeededFuture(new JoinOutcome.TooManyRooms(maxRooms));
            }
            return PgSql.queryLong(sql, COUNT_MEMBERS, 0, room).compose(members -> {
              if (members >= maxMembers) {
                return Future.succeededFuture(new JoinOutcome.RoomFull(maxMembers));
              }
              return PgSql.query(sql, MEMBERSHIP_INSERT, room, nick, version, now, now, joinSeq)
                  .map(v -> new JoinOutcome.Joined(new Membership(room, nick, version, now, now, joinSeq)));
            });
          });
        }));
  }

  static Future<Boolean> part(SqlClient sql, String room, String nick) {
    return PgSql.query(sql, MEMBERSHIP_DELETE, room, nick).map(rows -> PgSql.updated(rows) > 0);
  }

  static Future<Optional<Membership>> membership(SqlClient sql, String room, String nick) {
    return PgSql.query(sql, MEMBERSHIP, room, nick).map(rows -> {
      for (Row row : rows) {
        return Optional.of(membership(row));
      }
      return Optional.empty();
    });
  }

  static Future<List<Membership>> roomsOf(SqlClient sql, String nick) {
    return PgSql.query(sql, ROOMS_OF, nick).map(PgMemberOps::memberships);
  }

  static Future<List<Member>> members(SqlClient sql, String room, String afterNick, int limit) {
    return PgSql.query(sql, MEMBERS_PAGE, room, afterNick, (long) limit).map(rows -> {
      List<Member> out = new ArrayList<>();
      for (Row row : rows) {
        out.add(new Member(membership(row), row.getString(6), row.getString(7)));
      }
      return out;
    });
  }

  static Future<java.util.Set<String>> membersAmong(SqlClient sql, String room, java.util.Collection<String> nicks) {
    return PgSql.query(sql, MEMBERS_AMONG_PG, room, nicks.toArray(new String[0])).map(rows -> {
      java.util.Set<String> out = new java.util.TreeSet<>();
      for (Row row : rows) {
        out.add(row.getString(0));
      }
      return out;
    });
  }

  static Future<List<Membership>> expireMembers(SqlClient sql, long before) {
    return PgSql.query(sql, MEMBERSHIPS_EXPIRE, before).map(rows -> {
      List<Membership> out = memberships(rows);
      out.sort(java.util.Comparator.comparing(Membership::room).thenComparing(Membership::nick));
      return out;
    });
  }

  private static List<Membership> memberships(RowSet<Row> rows) {
    List<Membership> out = new ArrayList<>();
    for (Row row : rows) {
      out.add(membership(row));
    }
    return out;
  }

  private static Membership membership(Row row) {
    return new Membership(row.getString(0), row.getString(1), row.getInteger(2), row.getLong(3), row.getLong(4),
        row.getLong(5));
  }
}
