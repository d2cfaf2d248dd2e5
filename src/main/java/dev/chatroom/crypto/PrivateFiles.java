package dev.chatroom.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Files only their owner may read (0600) in folders only their owner may enter (0700). */
public final class PrivateFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

  /** Folder fsyncs done so far: lets a test see that a rename was made durable. */
  static final AtomicLong FOLDER_SYNCS = new AtomicLong();
  /** FileChannel locks are per process; this serialises the threads of one process first. */
  private static final ConcurrentHashMap<Path, Object> PROCESS_LOCKS = new ConcurrentHashMap<>();

  private PrivateFiles() {}

  /** Work done while holding a folder's lock. */
  interface Locked<T> {
    T run() throws IOException;
  }

  /** Creates {@code dir} as 0700 (its parents with default modes); fails if it exists. */
  public static void createDirectory(Path dir) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.createDirectory(dir, attrs(DIR));
  }

  /** Tightens an existing folder to 0700; a no-op where POSIX modes do not exist. */
  static void restrictDirectory(Path dir) throws IOException {
    if (POSIX) {
      Files.setPosixFilePermissions(dir, DIR);
    }
  }

  /** A new file, 0600 from the moment it exists, holding {@code data} flushed to disk. */
  public static Path writeNew(Path file, byte[] data) throws IOException {
    Files.createFile(file, attrs(FILE));
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(data);
      while (buf.hasRemaining()) {
        out.write(buf);
      }
      out.force(true);
    }
    return file;
  }

  /** Replaces {@code target} in one rename, so readers see the old or the new file, never half. */
  static void writeAtomically(Path target, byte[] data) throws IOException {
    Path temp = tempSibling(target);
    try {
      writeNew(temp, data);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncFolder(target.toAbsolutePath().getParent());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Flushes a folder's entries, so a rename into it survives a power cut. */
  static void syncFolder(Path dir) throws IOException {
    if (!POSIX || dir == null) {
      return; // Windows cannot open a folder as a channel; its renames are journaled
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
    FOLDER_SYNCS.incrementAndGet();
  }

  /**
   * Runs {@code work} holding the lock file {@code lockName} in {@code dir} (created 0600), so
   * two client processes on one identity folder take turns at read-merge-write.
   */
  static <T> T withLock(Path dir, String lockName, Locked<T> work) throws IOException {
    Path lockFile = dir.resolve(lockName).toAbsolutePath().normalize();
    Object monitor = PROCESS_LOCKS.computeIfAbsent(lockFile, p -> new Object());
    synchronized (monitor) {
      try (FileChannel ch = FileChannel.open(lockFile,
          EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), attrs(FILE))) {
        FileLock lock = ch.lock(); // released when the channel closes
        try {
          return work.run();
        } finally {
          lock.release();
        }
      }
    }
  }

  static Path tempSibling(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
  }

  /** True if anyone but the owner has any access to {@code file}. */
  public static boolean openToOthers(Path file) throws IOException {
    if (!POSIX) {
      return false;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    for (PosixFilePermission p : perms) {
      if (!p.name().startsWith("OWNER_")) {
        return true;
      }
    }
    return false;
  }

  /** True if {@code path} belongs to a user other than the one running this process. */
  static boolean ownedByOthers(Path path) throws IOException {
    if (!POSIX) {
      return false;
    }
    UserPrincipal owner = Files.getOwner(path);
    UserPrincipal me = path.getFileSystem().getUserPrincipalLookupService()
        .lookupPrincipalByName(System.getProperty("user.name"));
    return !owner.equals(me);
  }

  private static FileAttribute<?>[] attrs(Set<PosixFilePermission> perms) {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)}
        : new FileAttribute<?>[0];
  }
}
