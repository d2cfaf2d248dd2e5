package dev.chatroom.store;

import dev.chatroom.ChildJvm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for {@link SqliteKillTest}: appends batches of 1 KB frames to three rooms, several
 * batches in flight, and prints {@code acked ROOM SEQ} for each frame once its append completed,
 * until it is killed; {@link #floodAndKill} runs it in a child JVM and kills it with SIGKILL.
 */
public final class StoreFlood {
  static final List<String> ROOMS = List.of("lobby", "ops", "dev");
  private static final int IN_FLIGHT = 4;

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
    Vertx vertx = Vertx.vertx();
    RelayStore store = Await.result(RelayStore.open(vertx, StoreLocation.parse(args[0])));
    for (String room : ROOMS) {
      Await.result(store.join(room, "bob", 2, System.currentTimeMillis(), 100, 10_000));
    }
    out.println("ready");
    out.flush();
    for (int i = 0; i < IN_FLIGHT; i++) {
      vertx.runOnContext(v -> next(store, out));
    }
    Thread.currentThread().join();
  }

  private static void next(RelayStore store, PrintStream out) {
    List<NewFrame> batch = batch();
    Future<List<Appended>> f = store.append(batch);
    f.onComplete(done -> {
      if (done.failed()) {
        out.println("failed " + done.cause().getMessage());
      } else {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < batch.size(); i++) {
          lines.append("acked ").append(batch.get(i).room()).append(' ').append(done.result().get(i).seq()).append('\n');
        }
        out.print(lines);
      }
      out.flush();
      next(store, out);
    });
  }

  private static List<NewFrame> batch() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int size = 1 + random.nextInt(50);
    List<NewFrame> frames = new ArrayList<>(size);
    byte[] body = new byte[1024];
    Arrays.fill(body, (byte) 'x');
    for (int i = 0; i < size; i++) {
      String room = ROOMS.get(random.nextInt(ROOMS.size()));
      frames.add(new NewFrame(room, FrameKind.MESSAGE, "alice", UUID.randomUUID().toString(), System.currentTimeMillis(),
          null, List.of("bob"), Buffer.buffer(body), System.currentTimeMillis()));
    }
    return frames;
  }

  /** Runs a flood until it acked at least {@code atLeast} frames, kills it with SIGKILL, returns what it acked. */
  static Map<String, TreeSet<Long>> floodAndKill(String setting, int atLeast) throws Exception {
    List<String> cmd = ChildJvm.java();
    cmd.addAll(List.of("-Xmx128m", "-cp", ChildJvm.classPath(), StoreFlood.class.getName(), setting));
    Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Map<String, TreeSet<Long>> acked = new HashMap<>();
    int count = 0;
    StringBuilder other = new StringBuilder();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      String line;
      boolean killed = false;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("acked ")) {
          String[] parts = line.split(" ");
          acked.computeIfAbsent(parts[1], r -> new TreeSet<>()).add(Long.parseLong(parts[2]));
          count++;
        } else {
          other.append(line).append('\n');
        }
        if (!killed && (count >= atLeast || System.nanoTime() > deadline)) {
          // kill(1), not destroyForcibly(), which would also close our end of its stdout
          new ProcessBuilder("kill", "-9", String.valueOf(child.pid())).start().waitFor(10, TimeUnit.SECONDS);
          killed = true;
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(20, TimeUnit.SECONDS);
    }
    org.junit.jupiter.api.Assertions.assertEquals(137, child.exitValue(), "the flood died of SIGKILL; its output: " + other);
    org.junit.jupiter.api.Assertions.assertTrue(count >= atLeast, "the flood acked " + count + " frames; its output: " + other);
    return acked;
  }

}
