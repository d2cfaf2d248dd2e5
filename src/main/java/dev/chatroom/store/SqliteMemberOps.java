package dev.chatroom.store;

import static dev.chatroom.store.StoreSql.*;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Registration and membership work on a JDBC connection; writes run inside the writer's transaction. */
final class SqliteMemberOps {
  private SqliteMemberOps() {}

  static RegisterOutcome register(Statements sql, Registration r) throws SQLException {
    Optional<Registration> existing = registration(sql, r.nick());
    if (existing.isEmpty()) {
      sql.update(REGISTRATION_INSERT, r.nick(), r.fingerprint(), r.encKey(), r.sigKey(), r.registeredAt(), r.lastSeen());
      return RegisterOutcome.REGISTERED;
    }
    if (!sameFingerprint(existing.get().fingerprint(), r.fingerprint())) {
      return RegisterOutcome.OTHER_IDENTITY;
    }
    sql.update(REGISTRATION_TOUCH, r.lastSeen(), r.nick());
    return RegisterOutcome.SAME_IDENTITY;
  }

  // constant time, as every identity comparison in the project
  static boolean sameFingerprint(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  static Optional<Registration> registration(Statements sql, String nick) throws SQLException {
    try (ResultSet rs = sql.bind(REGISTRATION, nick).executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      return Optional.of(new Registration(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
          rs.getLong(5), rs.getLong(6)));
    }
  }

  static Void touch(Statements sql, String nick, long now) throws SQLException {
    sql.update(REGISTRATION_TOUCH, now, nick);
    sql.update(MEMBERSHIPS_TOUCH, now, nick);
    return null;
  }

  static boolean removeRegistration(Statements sql, String nick) throws SQLException {
    sql.update(MEMBERSHIPS_DELETE_NICK, nick);
    return sql.update(REGISTRATION_DELETE, nick) > 0;
  }

  static List<String> expireRegistrations(Statements sql, long before) throws SQLException {
    List<String> nicks = new ArrayList<>();
    try (ResultSet rs = sql.bind(REGISTRATIONS_EXPIRED, before).executeQuery()) {
      while (rs.next()) {
        nicks.add(rs.getString(1));
      }
    }
    for (String nick : nicks) {
      sql.update(MEMBERSHIPS_DELETE_NICK, nick);
    }
    sql.update(REGISTRATIONS_DELETE_EXPIRED, before);
    return nicks;
  }

  static JoinOutcome join(Statements sql, String room, String nick, int version, long now,
      int maxRooms, int maxMembers) throws SQLException {
    Optional<Membership> existing = membership(sql, room, nick);
    if (existing.isPresent()) {
      sql.update(MEMBERSHIP_TOUCH_ONE, now, room, nick);
      Membership m = existing.get();
      return new JoinOutcome.AlreadyMember(new Membership(room, nick, m.version(), m.joinedAt(), now, m.joinSeq()));
    }
    if (sql.queryLong(COUNT_ROOMS_OF, 0, nick) >= maxRooms) {
      return new JoinOutcome.TooManyRooms(maxRooms);
    }
    if (sql.queryLong(COUNT_MEMBERS, 0, room) >= maxMembers) {
      return new JoinOutcome.RoomFull(maxMembers);
    }
    sql.update(ROOM_ENSURE, room);
    long joinSeq = sql.queryLong(ROOM_LAST_SEQ, 0, room);
    sql.update(MEMBERSHIP_INSERT, room, nick, version, now, now, joinSeq);
    return new JoinOutcome.Joined(new Membership(room, nick, version, now, now, joinSeq));
  }

  static boolean part(Statements sql, String room, String nick) throws SQLException {
    return sql.update(MEMBERSHIP_DELETE, room, nick) > 0;
  }

  static Optional<Membership> membership(Statements sql, String room, String nick) throws SQLException {
    try (ResultSet rs = sql.bind(MEMBERSHIP, room, nick).executeQuery()) {
      return rs.next() ? Optional.of(membership(rs)) : Optional.empty();
    }
  }

  static List<Membership> roomsOf(Statements sql, String nick) throws SQLException {
    return memberships(sql, ROOMS_OF, nick);
  }

  static List<Member> members(Statements sql, String room, String afterNick, int limit) throws SQLException {
    List<Member> out = new ArrayList<>();
    try (ResultSet rs = sql.bind(MEMBERS_PAGE, room, afterNick, limit).executeQuery()) {
      while (rs.next()) {
        out.add(new Member(membership(rs), rs.getString(7), rs.getString(8)));
      }
    }
    return out;
  }

  static java.util.Set<String> membersAmong(Statements sql, String room, java.util.Collection<String> nicks)
      throws SQLException {
    java.util.Set<String> out = new java.util.TreeSet<>();
    try (ResultSet rs = sql.bind(MEMBERS_AMONG_SQLITE, room, new io.vertx.core.json.JsonArray(List.copyOf(nicks)).encode())
        .executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  static List<Membership> expireMembers(Statements sql, long before) throws SQLException {
    List<Membership> expired = memberships(sql, MEMBERSHIPS_EXPIRED, before);
    sql.update(MEMBERSHIPS_DELETE_EXPIRED, before);
    return expired;
  }

  private static List<Membership> memberships(Statements sql, String query, Object arg) throws SQLException {
    List<Membership> out = new ArrayList<>();
    try (ResultSet rs = sql.bind(query, arg).executeQuery()) {
      while (rs.next()) {
        out.add(membership(rs));
      }
    }
    return out;
  }

  private static Membership membership(ResultSet rs) throws SQLException {
    return new Membership(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
  }
}
