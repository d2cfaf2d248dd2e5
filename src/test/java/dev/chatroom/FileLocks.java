package dev.chatroom;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;

/**
 * Waits for a file lock by polling. A blocking {@code lock()} is refused by Linux with "Resource
 * deadlock avoided" when two forks each hold one of our lock files and wait for the other's,
 * although the holder in one is a background thread that waits for nothing.
 */
public final class FileLocks {
  private FileLocks() {}

  public static FileLock await(FileChannel channel) throws IOException {
    while (true) {
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException heldByAnotherThreadHere) {
        // another thread of this JVM holds it: wait as for another process
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for a file lock");
      }
    }
  }
}
