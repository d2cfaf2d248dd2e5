package dev.chatroom.bench;

import dev.chatroom.server.RelayRuntime;
import dev.chatroom.store.RelayStore;
import dev.chatroom.store.Registration;
import dev.chatroom.store.StoreLocation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The relay's heap per offline version 2 membership: a child JVM fills a SQLite store with
 * {@code count} memberships (nicks in {@link #ROOMS_PER_NICK} rooms each, rooms of
 * {@link #ROOM_SIZE}), then starts a relay on an empty store and one on the filled store, and
 * reports each one's heap after a full GC. Nobody connects: every membership is offline, and
 * the difference is what the relay's membership index holds for them.
 */
final class MembershipProbe {
  static final int ROOMS_PER_NICK = 10;
  static final int ROOM_SIZE = 100;
  private static final int IN_FLIGHT = 10_000; // below the SQLite writer's queue bound

  record Result(int memberships, long emptyHeap, long filledHeap) {
    long bytesPerMembership() { return (filledHeap - emptyHeap) / Math.max(1, memberships); }

    String describe() {
      return String.format(Locale.ROOT, "offline: %d version 2 memberships (%d nicks, %d rooms); relay heap after GC "
          + "%.1f MB (empty store) -> %.1f MB: %d bytes per membership", memberships, memberships / ROOMS_PER_NICK,
          rooms(memberships), emptyHeap / 1e6, filledHeap / 1e6, bytesPerMembership());
    }
  }

  private MembershipProbe() {}

  static int rooms(int memberships) {
    return Math.max(1, memberships / ROOM_SIZE);
  }

  /** Runs the child and reads its one answer line. */
  static Result run(int count) throws IOException, InterruptedException {
    Process child = IdleProbe.startChild(MembershipProbe.class.getName(), Integer.toString(count));
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line = IdleProbe.readLineStarting(out, "memberships ");
      if (line == null) {
        throw new IOException("the membership probe's relay did not answer (" + line + ")");
      }
      String[] parts = line.split(" ");
      return new Result(Integer.parseInt(parts[1]), Long.parseLong(parts[3]), Long.parseLong(parts[5]));
    } finally {
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }

  /** The child: prints {@code memberships N empty H0 filled H1}. */
  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    Path dir = Files.createTempDirectory("chatroom-offline");
    try {
      Path filled = dir.resolve("filled.db");
      fill(filled, count);
      long empty = heapOfRelayOn("sqlite:" + dir.resolve("empty.db"));
      long full = heapOfRelayOn("sqlite:" + filled);
      System.out.println("memberships " + count + " empty " + empty + " filled " + full);
      System.out.flush();
    } finally {
      IdleProbe.deleteTree(dir);
    }
    System.exit(0);
  }

  private static long heapOfRelayOn(String store) throws Exception {
    RelayRuntime relay = RelayRuntime.start(BenchCommand.embeddedRelay(100, store));
    try {
      return IdleRelay.heapAfterGc();
    } finally {
      relay.stop(5);
    }
  }

  /** Registers the nicks and joins each to its rooms, through the store's own batching writer. */
  private static void fill(Path path, int count) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      RelayStore store = await(RelayStore.open(vertx, new StoreLocation.Sqlite(path)));
      int nicks = Math.max(1, count / ROOMS_PER_NICK);
      int rooms = rooms(count);
      long now = System.currentTimeMillis();
      List<Future<?>> pending = new ArrayList<>();
      for (int n = 0; n < nicks; n++) {
        pending.add(store.register(new Registration("off" + n, "f" + n, "enc" + n, "sig" + n, now, now)));
        pending = flushIfFull(pending);
      }
      int made = 0;
      for (int n = 0; n < nicks && made < count; n++) {
        for (int k = 0; k < ROOMS_PER_NICK && made < count; k++, made++) {
          // ten distinct rooms per nick (rooms >= 10), each room ends with ROOM_SIZE members
          String room = "off" + ((n % rooms + k * Math.max(1, rooms / ROOMS_PER_NICK)) % rooms);
          pending.add(store.join(room, "off" + n, 2, now, 1_000, 1_000_000));
          pending = flushIfFull(pending);
        }
      }
      awaitAll(pending);
      await(store.closeAsync());
    } finally {
      await(vertx.close());
    }
  }

  private static List<Future<?>> flushIfFull(List<Future<?>> pending) throws Exception {
    if (pending.size() < IN_FLIGHT) {
      return pending;
    }
    awaitAll(pending);
    return new ArrayList<>();
  }

  private static void awaitAll(List<Future<?>> pending) throws Exception {
    for (Future<?> f : pending) {
      await(f);
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
