package dev.chatroom.bench;

import dev.chatroom.store.FrameKind;
import dev.chatroom.store.NewFrame;
import dev.chatroom.store.RelayStore;
import dev.chatroom.store.StoreLocation;
import dev.chatroom.store.StoredFrame;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Frames stored per second by the relay store: batches of 100 frames of 1 KB, and 1,000
 * single-frame appends submitted at once (group commit), then a 10,000-frame catch-up read.
 * {@code java -cp ... dev.chatroom.bench.StoreBench [store setting]} (default: a new SQLite file).
 */
public final class StoreBench {
  private static final Buffer KB = Buffer.buffer("x".repeat(1024));

  public static void main(String[] args) throws Exception {
    String setting = args.length > 0 ? args[0]
        : "sqlite:" + Files.createTempDirectory("store-bench").resolve("bench.db");
    Vertx vertx = Vertx.vertx();
    RelayStore store = await(RelayStore.open(vertx, StoreLocation.parse(setting)));
    String room = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    await(store.join(room, "bob", 2, System.currentTimeMillis(), 100, 10_000));
    System.out.println("store " + store.location());

    for (int warm = 0; warm < 30; warm++) {
      await(store.append(batch(room, 100)));
    }
    int batches = 100;
    long t0 = System.nanoTime();
    for (int i = 0; i < batches; i++) {
      await(store.append(batch(room, 100)));
    }
    report("batches of 100 x 1 KB, one at a time", batches * 100, t0);

    t0 = System.nanoTime();
    List<Future<?>> inFlight = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      inFlight.add(store.append(batch(room, 100)));
    }
    await(Future.all(inFlight));
    report("batches of 100 x 1 KB, 100 submitted at once", batches * 100, t0);

    int rounds = 10;
    t0 = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      List<Future<?>> singles = new ArrayList<>(1_000);
      for (int i = 0; i < 1_000; i++) {
        singles.add(store.append(batch(room, 1)));
      }
      await(Future.all(singles));
    }
    report("1,000 single-frame appends at once (x" + rounds + ")", rounds * 1_000, t0);

    long max = await(store.maxSeq(room));
    long after = max - 10_000;
    int read = 0;
    t0 = System.nanoTime();
    for (List<StoredFrame> page; !(page = await(store.read(room, "bob", after, 500))).isEmpty(); ) {
      read += page.size();
      after = page.get(page.size() - 1).seq();
    }
    report("catch-up read of the last 10,000 frames, pages of 500", read, t0);

    // 100,000 memberships (1,000 rooms of 100), 1,000 joins in flight at a time
    t0 = System.nanoTime();
    for (int r = 0; r < 1_000; r += 10) {
      List<Future<?>> joins = new ArrayList<>(1_000);
      for (int k = r; k < r + 10; k++) {
        for (int m = 0; m < 100; m++) {
          joins.add(store.join(room + "-r" + k, "m" + k + "-" + m, 2, System.currentTimeMillis(), 100, 10_000));
        }
      }
      await(Future.all(joins));
    }
    report("joins for 100,000 memberships", 100_000, "joins", t0);
    t0 = System.nanoTime();
    int listed = 0;
    for (int r = 0; r < 1_000; r += 10) {
      listed += await(store.members(room + "-r" + r, "", 1_000)).size();
    }
    report("welcome member pages (100 rooms of 100 members)", listed, "members", t0);
    await(store.closeAsync());
    if (setting.startsWith("sqlite:")) {
      // closing checkpoints the WAL into the file
      System.out.printf("SQLite file after all of it: %.1f MB%n", Files.size(java.nio.file.Path.of(setting.substring(7))) / 1e6);
    }
    await(vertx.close());
  }

  private static List<NewFrame> batch(String room, int n) {
    List<NewFrame> frames = new ArrayList<>(n);
    long now = System.currentTimeMillis();
    for (int i = 0; i < n; i++) {
      frames.add(new NewFrame(room, FrameKind.MESSAGE, "alice", UUID.randomUUID().toString(), now, null,
          List.of("bob"), KB, now));
    }
    return frames;
  }

  private static void report(String what, long frames, long t0) {
    report(what, frames, "frames", t0);
  }

  private static void report(String what, long count, String unit, long t0) {
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("%-55s %8d %s %7.2f s %10.0f %s/s%n", what, count, unit, seconds, count / seconds, unit);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
