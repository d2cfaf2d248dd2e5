package dev.chatroom.crypto;

import dev.chatroom.protocol.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Per room, the highest {@code seq} this identity has processed (PROTOCOL.md section 11), kept
 * in {@code seqs} in the identity folder (0600, atomic, fsynced): a header line, then one
 * {@code room seq} per room. At most {@value #MAX_ROOMS} rooms (the most a hello's
 * {@code since} may name), least recently moved first out. Saved off the event loop at most
 * every {@value #BATCH_MS} ms and at close. It lives here, beside {@link ReplayStore}, because
 * every private file goes through {@link PrivateFiles}.
 */
public final class SeqStore implements AutoCloseable {
  public static final String FILE = "seqs";
  public static final int MAX_ROOMS = Names.MAX_SINCE_ROOMS;
  static final long BATCH_MS = 250;
  private static final String HEADER = "chatroom-seqs-v1";

  private final Path file;
  private final int maxRooms;
  /** Access order: the entry moved least recently is the first dropped past the bound. */
  private final LinkedHashMap<String, Long> seqs = new LinkedHashMap<>(16, 0.75f, true);
  private final BatchedWriter writer;

  private SeqStore(Path file, int maxRooms) {
    this.file = file;
    this.maxRooms = maxRooms;
    this.writer = new BatchedWriter(file.toString(), BATCH_MS, this::save);
  }

  /** Reads {@code seqs} in {@code identityDir}; a missing file is an empty store. */
  public static SeqStore open(Path identityDir) throws CryptoException {
    return open(identityDir, MAX_ROOMS);
  }

  static SeqStore open(Path identityDir, int maxRooms) throws CryptoException {
    SeqStore store = new SeqStore(identityDir.resolve(FILE), maxRooms);
    try {
      store.read();
    } catch (IOException e) {
      throw new CryptoException(e.getMessage(), e);
    }
    return store;
  }

  /** The highest seq processed in {@code room}, 0 when none. */
  public synchronized long get(String room) {
    Long s = seqs.get(room);
    return s == null ? 0 : s;
  }

  /** What a hello's {@code since} sends: every room with a seq, sorted. */
  public synchronized SortedMap<String, Long> snapshot() {
    return new TreeMap<>(seqs);
  }

  /** Raises {@code room}'s seq to {@code seq}; a lower or equal one changes nothing. */
  public synchronized boolean advance(String room, long seq) {
    if (seq <= get(room)) {
      return false;
    }
    put(room, seq);
    return true;
  }

  /** Sets {@code room}'s seq even lower (the relay lost history and starts again below it). */
  public synchronized void reset(String room, long seq) {
    put(room, seq);
  }

  /** Forgets {@code room} (parted). */
  public synchronized void remove(String room) {
    if (seqs.remove(room) != null) {
      writer.request();
    }
  }

  /** Forgets every room not in {@code rooms} (the relay's ready says we are not a member). */
  public synchronized void retain(Collection<String> rooms) {
    if (seqs.keySet().retainAll(rooms)) {
      writer.request();
    }
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

  private void put(String room, long seq) {
    seqs.put(room, seq);
    Iterator<Map.Entry<String, Long>> oldest = seqs.entrySet().iterator();
    while (seqs.size() > maxRooms && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
    writer.request();
  }

  private void save() throws IOException {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    synchronized (this) {
      // sorted by name on disk; the access order is rebuilt from it at the next start
      new TreeMap<>(seqs).forEach((room, seq) -> out.append(room).append(' ').append(seq).append('\n'));
    }
    PrivateFiles.writeAtomically(file, out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Refuses a damaged file: starting from nothing would show retained history twice. */
  private void read() throws IOException {
    java.util.List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return;
    }
    for (int i = 0; i < lines.size(); i++) {
      String[] parts = lines.get(i).split(" ");
      if (i == 0 && lines.get(i).equals(HEADER)) {
        continue;
      }
      long seq = -1;
      if (i > 0 && parts.length == 2 && Names.isValidRoom(parts[0])) {
        try {
          seq = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
          seq = -1;
        }
      }
      if (seq < 0) {
        throw new IOException(file + " line " + (i + 1) + " is damaged; without it the relay would"
            + " send history already shown, so it was left as it is (move it away to start afresh).");
      }
      seqs.put(parts[0], seq);
    }
  }
}
