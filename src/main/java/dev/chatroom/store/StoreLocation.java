package dev.chatroom.store;

import java.nio.file.Path;

/** Where the relay keeps its store, parsed from the {@code store} setting. */
public sealed interface StoreLocation {
  String DEFAULT = "sqlite:data/chatroom.db";

  /** A SQLite file; a relative path is relative to the working folder. */
  record Sqlite(Path path) implements StoreLocation {
    @Override
    public String toString() { return "sqlite:" + path; }
  }

  /** Nothing durable: the store lives in the relay's memory (tests, and benchmarks of the store off). */
  record Memory() implements StoreLocation {
    @Override
    public String toString() { return "memory"; }
  }

  /** A PostgreSQL database; {@code password} is null when it comes from elsewhere (PGPASSWORD). */
  record Postgres(String user, String password, String host, int port, String database)
      implements StoreLocation {
    public Postgres withPassword(String newPassword) {
      return new Postgres(user, newPassword, host, port, database);
    }

    // the password never leaves this record in text
    @Override
    public String toString() {
      return "postgresql://" + user + (password != null ? ":***" : "") + "@" + host + ":" + port + "/" + database;
    }
  }

  /** Parses {@code sqlite:PATH} or {@code postgresql://user[:password]@host[:port]/db} ({@code postgres://} too). */
  static StoreLocation parse(String setting) throws StoreException {
    return StoreSetting.parse(setting);
  }

  /** A setting with any password replaced by ***, fit for messages and logs. */
  static String redact(String setting) {
    return StoreSetting.redact(setting);
  }
}
