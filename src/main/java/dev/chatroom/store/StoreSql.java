package dev.chatroom.store;

/**
 * The statements both stores run, in the SQL that SQLite and PostgreSQL share, with {@code ?}
 * parameters (PostgreSQL's client gets them as $1, $2 ... through {@link #numbered}).
 */
final class StoreSql {
  private StoreSql() {}

  static final String REGISTRATION = "SELECT nick, fingerprint, enc_key, sig_key, registered_at, last_seen"
      + " FROM registrations WHERE nick = ?";
  static final String REGISTRATION_INSERT = "INSERT INTO registrations"
      + " (nick, fingerprint, enc_key, sig_key, registered_at, last_seen) VALUES (?, ?, ?, ?, ?, ?)";
  static final String REGISTRATION_TOUCH = "UPDATE registrations SET last_seen = ? WHERE nick = ?";
  static final String REGISTRATION_DELETE = "DELETE FROM registrations WHERE nick = ?";
  static final String REGISTRATIONS_EXPIRED = "SELECT nick FROM registrations WHERE last_seen < ? ORDER BY nick";
  static final String REGISTRATIONS_DELETE_EXPIRED = "DELETE FROM registrations WHERE last_seen < ?";

  static final String MEMBERSHIP_COLUMNS = "room, nick, version, joined_at, last_seen, join_seq";
  static final String MEMBERSHIP = "SELECT " + MEMBERSHIP_COLUMNS + " FROM memberships WHERE room = ? AND nick = ?";
  static final String MEMBERSHIP_INSERT = "INSERT INTO memberships (" + MEMBERSHIP_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
  static final String MEMBERSHIP_TOUCH_ONE = "UPDATE memberships SET last_seen = ? WHERE room = ? AND nick = ?";
  static final String MEMBERSHIPS_TOUCH = "UPDATE memberships SET last_seen = ? WHERE nick = ?";
  static final String MEMBERSHIP_DELETE = "DELETE FROM memberships WHERE room = ? AND nick = ?";
  static final String MEMBERSHIPS_DELETE_NICK = "DELETE FROM memberships WHERE nick = ?";
  static final String ROOMS_OF = "SELECT " + MEMBERSHIP_COLUMNS + " FROM memberships WHERE nick = ? ORDER BY room";
  static final String COUNT_ROOMS_OF = "SELECT count(*) FROM memberships WHERE nick = ?";
  static final String COUNT_MEMBERS = "SELECT count(*) FROM memberships WHERE room = ?";
  static final String MEMBERS_PAGE = "SELECT m.room, m.nick, m.version, m.joined_at, m.last_seen, m.join_seq,"
      + " r.enc_key, r.sig_key FROM memberships m LEFT JOIN registrations r ON r.nick = m.nick"
      + " WHERE m.room = ? AND m.nick > ? ORDER BY m.nick LIMIT ?";
  static final String MEMBERS_AMONG_SQLITE = "SELECT nick FROM memberships WHERE room = ?"
      + " AND nick IN (SELECT value FROM json_each(?))";
  static final String MEMBERS_AMONG_PG = "SELECT nick FROM memberships WHERE room = ? AND nick = ANY(?::text[])";
  static final String MEMBERSHIPS_EXPIRED = "SELECT " + MEMBERSHIP_COLUMNS
      + " FROM memberships WHERE last_seen < ? ORDER BY room, nick";
  static final String MEMBERSHIPS_DELETE_EXPIRED = "DELETE FROM memberships WHERE last_seen < ?";

  static final String ROOM_ENSURE = "INSERT INTO rooms (room, last_seq) VALUES (?, 0) ON CONFLICT (room) DO NOTHING";
  static final String ROOM_LAST_SEQ = "SELECT last_seq FROM rooms WHERE room = ?";
  static final String ROOM_NAMES = "SELECT room FROM rooms ORDER BY room";
  static final String ROOM_STATS = "SELECT r.room, r.last_seq,"
      + " (SELECT count(*) FROM memberships m WHERE m.room = r.room),"
      + " (SELECT count(*) FROM frames f WHERE f.room = r.room),"
      + " (SELECT coalesce(sum(length(f.body)), 0) FROM frames f WHERE f.room = r.room)"
      + " FROM rooms r WHERE r.room > ? ORDER BY r.room LIMIT ?";

  static final String FRAME_SEQ = "SELECT seq FROM frames WHERE room = ? AND sender = ? AND id = ?";
  static final String FRAME_INSERT = "INSERT INTO frames (room, seq, kind, sender, id, sent, epoch, stored_at, body)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String RECIPIENT_INSERT = "INSERT INTO frame_recipients (room, seq, nick) VALUES (?, ?, ?)"
      + " ON CONFLICT DO NOTHING";
  /**
   * The recipient rule of {@link RelayStore#read}, in one statement so that it sees one
   * snapshot: above the reader's join_seq, named in frame_recipients, or a group_message from
   * another member to a version 2 member.
   */
  static final String FRAMES_PAGE = "SELECT f.seq, f.kind, f.sender, f.id, f.sent, f.epoch, f.stored_at, f.body"
      + " FROM frames f JOIN memberships m ON m.room = f.room AND m.nick = ?"
      + " WHERE f.room = ? AND f.seq > ? AND f.seq > m.join_seq AND ("
      + "(f.kind = 'group_message' AND m.version >= 2 AND f.sender <> m.nick)"
      + " OR EXISTS (SELECT 1 FROM frame_recipients r WHERE r.room = f.room AND r.nick = m.nick AND r.seq = f.seq))"
      + " ORDER BY f.seq LIMIT ?";
  /**
   * Retention for one room: beyond the count (seq at or below last_seq - max frames) or the
   * age, unless a sender_key that a kept group_message of the same from and epoch needs.
   * Parameters: room, count cut seq, age cut time, count cut seq, age cut time.
   */
  static final String PRUNE_ROOM = "DELETE FROM frames WHERE room = ? AND (seq <= ? OR stored_at < ?)"
      + " AND NOT (kind = 'sender_key' AND EXISTS (SELECT 1 FROM frames g WHERE g.room = frames.room"
      + " AND g.kind = 'group_message' AND g.sender = frames.sender AND g.epoch = frames.epoch"
      + " AND g.seq > ? AND g.stored_at >= ?))";

  /** {@code ?} placeholders as PostgreSQL's $1, $2 ...; the statements above hold no other '?'. */
  static String numbered(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int n = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '?') {
        out.append('$').append(++n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
