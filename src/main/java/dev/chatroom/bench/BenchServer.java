package dev.chatroom.bench;

import dev.chatroom.server.RelayRuntime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A server under test in its own JVM (started by {@link ChildServer}): {@code relay STORE}
 * (both protocol versions, rate limits raised), {@code forwarder} ({@link BaselineForwarder})
 * or {@code sink} ({@link SinkServer}). Prints {@code port N} once it listens; answers
 * {@code heap} with {@code heap BYTES} (used heap after a full GC); stops on {@code quit}.
 */
public final class BenchServer {
  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    AutoCloseable server;
    int port;
    switch (args[0]) {
      case "relay" -> {
        RelayRuntime relay;
        try {
          relay = RelayRuntime.start(BenchCommand.embeddedRelay(20_000).toBuilder()
              .store(args.length > 1 ? args[1] : "memory").maxFrameBytes(4 * 1024 * 1024).build());
        } catch (dev.chatroom.store.StoreException e) {
          System.err.println(e.getMessage()); // the bench shows it as this process's output: one sentence
          System.exit(2);
          return;
        }
        server = () -> relay.stop(10);
        port = relay.relay().port();
      }
      case "forwarder" -> {
        BaselineForwarder f = BaselineForwarder.start();
        server = f;
        port = f.port();
      }
      case "sink" -> {
        SinkServer s = SinkServer.start();
        server = s;
        port = s.port();
      }
      default -> throw new IllegalArgumentException("relay STORE, forwarder or sink");
    }
    System.out.println("port " + port);
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("quit")) {
      if (line.equals("heap")) {
        System.out.println("heap " + usedHeapAfterGc());
        System.out.flush();
      }
    }
    server.close();
    System.exit(0);
  }

  /** Used heap after two full collections: what live objects hold. */
  static long usedHeapAfterGc() {
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
