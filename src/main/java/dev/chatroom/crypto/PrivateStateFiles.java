package dev.chatroom.crypto;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The public door to {@link PrivateFiles} for state kept by sub-packages (crypto.senderkey),
 * so every persisted file still goes through the one 0600, fsync, atomic-rename path.
 */
public final class PrivateStateFiles {
  private PrivateStateFiles() {}

  /** Replaces {@code target} atomically with a 0600 file holding {@code data}, flushed to disk. */
  public static void writeAtomically(Path target, byte[] data) throws IOException {
    PrivateFiles.writeAtomically(target, data);
  }

  /** True if anyone but the owner may access {@code file}. */
  public static boolean openToOthers(Path file) throws IOException {
    return PrivateFiles.openToOthers(file);
  }
}
