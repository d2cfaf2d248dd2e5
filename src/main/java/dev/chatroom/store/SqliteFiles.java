package dev.chatroom.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/** Opening a SQLite store: its folder, its file (0600 from creation, as SQLite's -wal and -shm follow it), its connections. */
final class SqliteFiles {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private SqliteFiles() {}

  /** Creates missing parent folders (0700) and the database file (0600, empty is a valid database). */
  static void prepare(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent, attrs("rwx------"));
    }
    try {
      Files.createFile(file, attrs("rw-------"));
    } catch (FileAlreadyExistsException e) {
      // an existing store: opened as it is
    }
  }

  /**
   * The writer's own automatic checkpoint, in pages (4 KB): only a backstop, far above what
   * {@link SqliteCheckpointer} lets the WAL reach, so that commits do not checkpoint.
   */
  static final int WRITER_AUTOCHECKPOINT_PAGES = 16_384;

  /**
   * The writer: WAL with synchronous=FULL, so a commit is fsynced before its seqs are acked
   * (NORMAL would survive kill -9 but could lose the last commits on power loss); BEGIN
   * IMMEDIATE so that a second process waits instead of deadlocking; checkpoints left to
   * {@link SqliteCheckpointer}.
   */
  static Connection writer(Path file) throws SQLException {
    SQLiteConfig config = base();
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.setWalAutocheckpoint(WRITER_AUTOCHECKPOINT_PAGES);
    Connection c = DriverManager.getConnection(url(file), config.toProperties());
    c.setAutoCommit(false);
    return c;
  }

  /** The checkpointer's connection: it writes only the main file, from the WAL. */
  static Connection checkpointer(Path file) throws SQLException {
    return DriverManager.getConnection(url(file), base().toProperties());
  }

  /** A reader: refuses writes, sees the last commit. */
  static Connection reader(Path file) throws SQLException {
    Connection c = DriverManager.getConnection(url(file), base().toProperties());
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA query_only = 1");
    }
    return c;
  }

  private static SQLiteConfig base() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(10_000);
    // the driver would run "SELECT last_insert_rowid()" (prepared anew) after every insert
    config.setGetGeneratedKeys(false);
    return config;
  }

  private static String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }

  /** SQLite's reason without its code prefix, e.g. "file is not a database". */
  static String reason(SQLException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int open = m.lastIndexOf('(');
    return open >= 0 && m.endsWith(")") ? m.substring(open + 1, m.length() - 1) : m;
  }

  private static FileAttribute<?>[] attrs(String mode) {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
        : new FileAttribute<?>[0];
  }
}
