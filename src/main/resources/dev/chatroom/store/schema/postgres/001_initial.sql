-- Delta 1: registrations, rooms, memberships, frames and their named recipients.
-- Names are COLLATE "C" so that paging and sorting follow bytes, as in SQLite.
CREATE TABLE registrations (
  nick          TEXT COLLATE "C" PRIMARY KEY,
  fingerprint   TEXT NOT NULL,
  enc_key       TEXT NOT NULL,
  sig_key       TEXT NOT NULL,
  registered_at BIGINT NOT NULL,
  last_seen     BIGINT NOT NULL
);
CREATE INDEX registrations_last_seen ON registrations (last_seen);

-- one row per room ever used; last_seq only grows, so a seq is never reused
CREATE TABLE rooms (
  room     TEXT COLLATE "C" PRIMARY KEY,
  last_seq BIGINT NOT NULL
);

CREATE TABLE memberships (
  room      TEXT COLLATE "C" NOT NULL,
  nick      TEXT COLLATE "C" NOT NULL,
  version   INTEGER NOT NULL,
  joined_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  join_seq  BIGINT NOT NULL,
  PRIMARY KEY (room, nick)
);
CREATE INDEX memberships_nick ON memberships (nick);
CREATE INDEX memberships_last_seen ON memberships (last_seen);

CREATE TABLE frames (
  room      TEXT COLLATE "C" NOT NULL,
  seq       BIGINT NOT NULL,
  kind      TEXT NOT NULL,
  sender    TEXT COLLATE "C" NOT NULL,
  id        TEXT NOT NULL,
  sent      BIGINT NOT NULL,
  epoch     TEXT,
  stored_at BIGINT NOT NULL,
  body      BYTEA NOT NULL,
  PRIMARY KEY (room, seq)
);
-- a resend is found by (room, from, id)
CREATE UNIQUE INDEX frames_dedupe ON frames (room, sender, id);
-- retention keeps a sender_key while a group_message of its from and epoch is kept
CREATE INDEX frames_epoch ON frames (room, sender, epoch) WHERE epoch IS NOT NULL;
CREATE INDEX frames_stored_at ON frames (room, stored_at);

-- the nicks a message or sender_key names; group_message recipients follow from memberships
CREATE TABLE frame_recipients (
  room TEXT COLLATE "C" NOT NULL,
  seq  BIGINT NOT NULL,
  nick TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (room, nick, seq),
  FOREIGN KEY (room, seq) REFERENCES frames (room, seq) ON DELETE CASCADE
);
CREATE INDEX frame_recipients_frame ON frame_recipients (room, seq);
