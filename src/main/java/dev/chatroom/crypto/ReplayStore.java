package dev.chatroom.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps a {@link ReplayGuard} across restarts in {@code replay_ids} in the identity folder
 * (0600, atomic, fsynced): a header line, the floor, then one {@code sent digest} per id.
 * Saved off the event loop at most every {@value #BATCH_MS} ms and at close; a save first
 * merges what another process on the same folder saved, under the folder's lock. A crash
 * (not a clean exit) can lose the ids of the last {@value #BATCH_MS} ms.
 */
public final class ReplayStore implements AutoCloseable {
  public static final String FILE = "replay_ids";
  static final String LOCK = ".replay_ids.lock";
  static final long BATCH_MS = 500;
  private static final String HEADER = "chatroom-replay-ids-v1";

  private final Path dir;
  private final ReplayGuard guard;
  private final BatchedWriter writer;

  private ReplayStore(Path dir, ReplayGuard guard) {
    this.dir = dir;
    this.guard = guard;
    this.writer = new BatchedWriter(dir.resolve(FILE).toString(), BATCH_MS, this::save);
    guard.onChange(writer::request);
  }

  /** Reads {@code replay_ids} in {@code identityDir}; a missing file is an empty guard. */
  public static ReplayStore open(Path identityDir) throws CryptoException {
    return open(identityDir, new ReplayGuard());
  }

  static ReplayStore open(Path identityDir, ReplayGuard guard) throws CryptoException {
    try {
      Loaded disk = read(identityDir.resolve(FILE));
      guard.absorb(disk.floor(), disk.entries());
    } catch (IOException e) {
      throw new CryptoException(e.getMessage(), e);
    }
    return new ReplayStore(identityDir, guard);
  }

  public ReplayGuard guard() {
    return guard;
  }

  /** Where a failed background save is reported. */
  public void onFailure(Consumer<String> listener) {
    writer.onFailure(listener);
  }

  /** Saves now what changed (tests, and before a planned exit). */
  public void flush() throws IOException {
    writer.flush();
  }

  int writes() {
    return writer.writes();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  private void save() throws IOException {
    PrivateFiles.withLock(dir, LOCK, () -> {
      Loaded disk = read(dir.resolve(FILE));
      guard.absorb(disk.floor(), disk.entries());
      StringBuilder out = new StringBuilder(HEADER).append('\n');
      out.append("floor ").append(guard.floor()).append('\n');
      for (ReplayGuard.Seen s : guard.entries()) {
        out.append(s.sent()).append(' ').append(s.key()).append('\n');
      }
      PrivateFiles.writeAtomically(dir.resolve(FILE), out.toString().getBytes(StandardCharsets.UTF_8));
      return null;
    });
  }

  private record Loaded(long floor, List<ReplayGuard.Seen> entries) {}

  /** Refuses a damaged file rather than start with an empty memory that would accept replays. */
  private static Loaded read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new Loaded(Long.MIN_VALUE, List.of());
    }
    List<ReplayGuard.Seen> entries = new ArrayList<>();
    long floor = Long.MIN_VALUE;
    for (int i = 0; i < lines.size(); i++) {
      String[] parts = lines.get(i).split(" ");
      try {
        if (i == 0 && lines.get(i).equals(HEADER)) {
          continue;
        } else if (i == 1 && parts.length == 2 && parts[0].equals("floor")) {
          floor = Long.parseLong(parts[1]);
          continue;
        } else if (i > 1 && parts.length == 2 && parts[1].length() == 22) {
          entries.add(new ReplayGuard.Seen(Long.parseLong(parts[0]), parts[1]));
          continue;
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
      throw new IOException(file + " line " + (i + 1) + " is damaged; the ids of messages already"
          + " received cannot be trusted, so it was left as it is (move it away to start afresh).");
    }
    return new Loaded(floor, entries);
  }
}
