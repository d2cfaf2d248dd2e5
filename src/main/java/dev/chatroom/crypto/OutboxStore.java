package dev.chatroom.crypto;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The sealed frames a client sent and has not seen acked, kept in {@code outbox} in the identity
 * folder (0600, atomic, fsynced) so that a restart resends them unchanged (PROTOCOL.md section
 * 11: same id, so the relay stores each once). Only ciphertext frames are kept, never a typed
 * line. An {@link #add} is written before it completes (the caller sends after that: what went
 * out is on disk); a {@link #remove} (acked) is batched, since a resend of an acked frame is
 * harmless. The file holds the oldest entries that fit in {@value #MAX_FRAMES} frames and
 * {@value #MAX_BYTES} bytes; past that, newer ones live in memory only and the user is told.
 */
public final class OutboxStore implements AutoCloseable {
  public static final String FILE = "outbox";
  public static final int MAX_FRAMES = 1_000;
  public static final long MAX_BYTES = 8L << 20;
  static final long REMOVE_BATCH_MS = 250;

  /** One frame as sent: its sender, room, id, whether it carries a typed line, and its bytes. */
  public record Entry(String from, String room, String id, boolean line, byte[] frame) {
    long size() { return frame.length * 4L / 3 + from.length() + room.length() + id.length() + 16; }
  }

  private final Path file;
  private final int maxFrames;
  private final long maxBytes;
  private final List<Entry> entries = new ArrayList<>();
  private final ScheduledExecutorService thread;
  private long version;
  private long written;
  private boolean removeScheduled;
  private boolean full;
  private boolean failing; // told once until a save works again
  private volatile Consumer<String> onNotice = message -> {};

  private OutboxStore(Path file, int maxFrames, long maxBytes) {
    this.file = file;
    this.maxFrames = maxFrames;
    this.maxBytes = maxBytes;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "save outbox");
      t.setDaemon(true); // close() flushes; a daemon never keeps a finished client alive
      return t;
    });
  }

  /** Reads {@code outbox} in {@code identityDir}; a missing file is an empty outbox. */
  public static OutboxStore open(Path identityDir) throws CryptoException {
    return open(identityDir, MAX_FRAMES, MAX_BYTES);
  }

  static OutboxStore open(Path identityDir, int maxFrames, long maxBytes) throws CryptoException {
    Path file = identityDir.resolve(FILE);
    List<Entry> read;
    try {
      read = OutboxFormat.read(file);
    } catch (NoSuchFileException e) {
      read = List.of();
    } catch (OutboxFormat.Damaged e) {
      throw new CryptoException(e.getMessage(), e);
    } catch (IOException e) {
      throw new CryptoException("could not read " + file + ": " + e.getMessage(), e);
    }
    OutboxStore store = new OutboxStore(file, maxFrames, maxBytes);
    store.entries.addAll(read);
    store.written = store.version;
    return store;
  }

  /** Where "full" and failed saves are told, one sentence each (from the writer's thread). */
  public void onNotice(Consumer<String> listener) {
    this.onNotice = listener;
  }

  /** The frames of {@code from} not yet acked, oldest first (other nicks' stay in the file). */
  public synchronized List<Entry> entries(String from) {
    return entries.stream().filter(e -> e.from().equals(from)).toList();
  }

  /**
   * Adds frames after every earlier one; completes once they are on disk (or held in memory
   * only, the file being full or failing, which {@link #onNotice} tells).
   */
  public CompletableFuture<Void> add(List<Entry> frames) {
    long target;
    synchronized (this) {
      entries.addAll(frames);
      target = ++version;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    thread.execute(() -> {
      saveUpTo(target);
      done.complete(null);
    });
    return done;
  }

  /** Forgets {@code id} of {@code from} (acked, refused or dropped); saved within a moment. */
  public void remove(String from, String id) {
    synchronized (this) {
      if (!entries.removeIf(e -> e.from().equals(from) && e.id().equals(id))) {
        return;
      }
      version++;
      if (removeScheduled) {
        return;
      }
      removeScheduled = true;
    }
    thread.schedule(() -> {
      synchronized (this) {
        removeScheduled = false;
      }
      saveUpTo(Long.MAX_VALUE);
    }, REMOVE_BATCH_MS, TimeUnit.MILLISECONDS);
  }

  /** How many entries, of every nick, the store holds in memory. */
  public synchronized int size() { return entries.size(); }

  /** Saves now what changed, and waits (a planned exit). */
  public void flush() throws IOException {
    try {
      thread.submit(() -> saveUpTo(Long.MAX_VALUE)).get();
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while saving " + file, e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      thread.shutdown();
    }
  }

  /** On the writer's thread: one write covers every change made so far (group commit). */
  private void saveUpTo(long target) {
    List<Entry> kept = new ArrayList<>();
    long snapshot;
    int all;
    synchronized (this) {
      if (written >= Math.min(target, version)) {
        return;
      }
      snapshot = version;
      all = entries.size();
      long bytes = 0;
      for (Iterator<Entry> it = entries.iterator(); it.hasNext() && kept.size() < maxFrames; ) {
        Entry e = it.next();
        bytes += e.size();
        if (bytes > maxBytes) {
          break; // the oldest that fit: a resend must not skip one and send the next
        }
        kept.add(e);
      }
    }
    try {
      PrivateFiles.writeAtomically(file, OutboxFormat.encode(kept));
      synchronized (this) {
        written = Math.max(written, snapshot);
      }
    } catch (IOException | RuntimeException e) {
      if (failing) {
        return;
      }
      failing = true;
      onNotice.accept("could not save the outbox " + file + " (" + e.getMessage()
          + "): messages not yet acked are lost if the client exits before the relay acks them");
      return;
    }
    failing = false;
    boolean nowFull = kept.size() < all;
    if (nowFull && !full) {
      onNotice.accept("the outbox is full (" + maxFrames + " messages or " + (maxBytes >> 20)
          + " MiB): newer messages not yet acked are kept in memory only, and lost if the client"
          + " exits before the relay acks them");
    }
    full = nowFull;
  }

  /** Reads entries as they are on disk, for tests that look at what a crash leaves behind. */
  public static List<Entry> readFile(Path identityDir) throws IOException {
    try {
      return OutboxFormat.read(identityDir.resolve(FILE));
    } catch (NoSuchFileException e) {
      return List.of();
    }
  }
}
