package dev.chatroom.bench;

import dev.chatroom.server.RelayRuntime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * A relay in a JVM of its own for {@link IdleProbe}, so that its heap holds the relay alone.
 * Arguments: the connection limit and, optionally, the store (default memory). Prints
 * {@code port N}; then answers each {@code heap} line on stdin with the heap used after a full
 * GC, and exits on {@code quit} or end of input.
 */
public final class IdleRelay {
  private IdleRelay() {}

  public static void main(String[] args) throws Exception {
    int maxConnections = Integer.parseInt(args[0]);
    String store = args.length > 1 ? args[1] : "memory";
    RelayRuntime relay = RelayRuntime.start(BenchCommand.embeddedRelay(maxConnections, store));
    System.out.println("port " + relay.relay().port());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("quit")) {
      if (line.equals("heap")) {
        System.out.println("heap " + heapAfterGc() + " open " + relay.relay().stats().open.sum());
        System.out.flush();
      }
    }
    relay.stop(5);
    System.exit(0);
  }

  static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
