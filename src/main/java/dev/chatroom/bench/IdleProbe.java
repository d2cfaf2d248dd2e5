package dev.chatroom.bench;

import dev.chatroom.crypto.Identity;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Opens many joined, idle connections and measures the relay's heap per connection: version 1
 * members in rooms of {@code roomSize} (10 by default), or authenticated version 2 members
 * ({@link IdleV2Members}) in a room each, rooms of N or one shared room. The embedded relay runs
 * in a child JVM so its heap is not mixed with the clients'; for version 2 it uses a SQLite store
 * in a temporary folder (the memory store would put every registration on the relay's heap).
 * Source addresses move to the next 127.0.0.x every 20,000 connections, before ports run short.
 */
final class IdleProbe {
  private static final int BATCH = 500;
  private static final int V2_BATCH = 200; // each handshake is three round trips and two store writes
  static final int V1_ROOM_SIZE = 10;
  private static final int PER_SOURCE = 20_000;
  private static final byte[] WELCOME = "{\"type\":\"welcome\"".getBytes(StandardCharsets.US_ASCII);

  record Result(int protocol, int roomSize, int connections, long heapBefore, long heapAfter, int openOnRelay) {
    long bytesPerConnection() {
      return heapBefore < 0 ? -1 : (heapAfter - heapBefore) / Math.max(1, connections);
    }

    String describe() {
      if (heapBefore < 0) {
        return String.format(Locale.ROOT, "idle: %d joined connections held (external relay: heap not measured)", connections);
      }
      return String.format(Locale.ROOT, "idle: %d joined version %d connections, rooms of %d (relay counts %d open); "
          + "relay heap after GC %.1f MB -> %.1f MB: %d bytes per connection", connections, protocol, roomSize,
          openOnRelay, heapBefore / 1e6, heapAfter / 1e6, bytesPerConnection());
    }
  }

  /** One idle member while it joins: the first bytes it got, enough to see the welcome. */
  private static final class Joining {
    final SocketChannel channel;
    final byte[] head = new byte[WELCOME.length];
    int got;

    Joining(SocketChannel channel) { this.channel = channel; }

    boolean welcomed() { return got == head.length && java.util.Arrays.equals(head, WELCOME); }
  }

  private IdleProbe() {}

  static Result run(int count, InetSocketAddress external, int rsaBits) throws Exception {
    return run(count, external, rsaBits, 1, V1_ROOM_SIZE);
  }

  static Result run(int count, InetSocketAddress external, int rsaBits, int protocol, int roomSize) throws Exception {
    Identity identity = Identity.generate(rsaBits);
    Process child = null;
    List<SocketChannel> open = new ArrayList<>();
    Path storeDir = protocol == 2 && external == null ? Files.createTempDirectory("chatroom-idle") : null;
    IdleV2Members v2 = protocol == 2 ? new IdleV2Members(identity, roomSize) : null;
    try {
      InetSocketAddress server = external;
      BufferedReader childOut = null;
      PrintStream childIn = null;
      if (external == null) {
        String store = storeDir == null ? "memory" : "sqlite:" + storeDir.resolve("idle.db");
        child = startChild(IdleRelay.class.getName(), Integer.toString(count + 100), store);
        childOut = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        childIn = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8);
        String first = readLineStarting(childOut, "port ");
        if (first == null) {
          throw new IOException("the relay for the idle probe did not start");
        }
        server = new InetSocketAddress("127.0.0.1", Integer.parseInt(first.substring(5)));
      }
      long before = child == null ? -1 : heap(childIn, childOut)[0];
      int step = v2 != null ? V2_BATCH : BATCH;
      for (int from = 0; from < count; from += step) {
        int to = Math.min(count, from + step);
        if (v2 != null) {
          v2.joinBatch(server, from, to, open);
        } else {
          joinBatch(server, identity, from, to, open, roomSize);
        }
      }
      if (v2 != null) {
        v2.drain(1_000); // what the last joins sent is read: the relay's output queues are empty
      }
      long[] after = child == null ? new long[] {-1, -1} : heap(childIn, childOut);
      if (childIn != null) {
        childIn.println("quit");
      }
      return new Result(protocol, roomSize, open.size(), before, after[0], (int) after[1]);
    } finally {
      for (SocketChannel c : open) {
        c.close();
      }
      if (v2 != null) {
        v2.close();
      }
      if (child != null && !child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
      if (storeDir != null) {
        deleteTree(storeDir);
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void joinBatch(InetSocketAddress server, Identity identity, int from, int to,
                                List<SocketChannel> open, int roomSize) throws IOException {
    try (Selector selector = Selector.open()) {
      List<Joining> batch = new ArrayList<>();
      for (int i = from; i < to; i++) {
        SocketChannel ch = SocketChannel.open();
        open.add(ch);
        ch.bind(new InetSocketAddress("127.0.0." + (1 + i / PER_SOURCE), 0));
        ch.connect(server);
        ch.configureBlocking(false);
        Frame hello = new Frame.Hello(1, "i" + i, "idle" + (i / roomSize), identity.encKey(), identity.sigKey());
        ByteBuffer line = ByteBuffer.wrap(FrameCodec.encode(hello));
        while (line.hasRemaining()) {
          ch.write(line); // a few hundred bytes into an empty socket buffer
        }
        Joining j = new Joining(ch);
        batch.add(j);
        ch.register(selector, SelectionKey.OP_READ, j);
      }
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int pending = batch.size();
      while (pending > 0) {
        if (System.nanoTime() > deadline) {
          throw new IOException(pending + " idle connections got no welcome in 30 s");
        }
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          Joining j = (Joining) key.attachment();
          buf.clear();
          if (j.channel.read(buf) < 0) {
            throw new IOException("the relay closed an idle connection while it joined (ulimit -n? max_connections?)");
          }
          buf.flip();
          while (buf.hasRemaining() && j.got < j.head.length) {
            j.head[j.got++] = buf.get();
          }
          if (j.got == j.head.length) {
            if (!j.welcomed()) {
              throw new IOException("the relay refused an idle connection: " + new String(j.head, StandardCharsets.UTF_8) + "...");
            }
            key.cancel();
            pending--;
          }
        }
        selector.selectedKeys().clear();
      }
    }
  }

  /** The child's next line that starts with {@code prefix}, skipping any log lines; null at its end. */
  static String readLineStarting(BufferedReader out, String prefix) throws IOException {
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    return null;
  }

  /** A JVM of its own running {@code main} with this classpath. */
  static Process startChild(String main, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "-Dchatroom.log.level=WARN", main));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Asks the child for its heap after GC and its open connection count. */
  private static long[] heap(PrintStream in, BufferedReader out) throws IOException {
    in.println("heap");
    String line = readLineStarting(out, "heap ");
    if (line == null) {
      throw new IOException("the idle probe's relay stopped answering");
    }
    String[] parts = line.split(" ");
    return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[3])};
  }

}
