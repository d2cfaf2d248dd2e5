package dev.chatroom.bench;

import dev.chatroom.crypto.Identity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code chatroom bench --cluster}: the same workload first against one relay node, then with
 * the senders on node A and every receiver on node B of a two-node Hazelcast cluster. Every
 * node is a JVM of its own with the same flags, so the two figures compare like with like.
 */
final class ClusterBench {
  private ClusterBench() {}

  /** Returns {single, cluster}. */
  static BenchResult[] run(Workload w, Identity identity) throws Exception {
    BenchResult single;
    try (Node node = Node.start("single")) {
      InetSocketAddress at = node.address();
      single = new LoadGenerator(w, identity, at, at, true).run("single");
    }
    int portA = freePort();
    int portB = freePort();
    String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
    try (Node a = Node.start(String.valueOf(portA), members)) {
      InetSocketAddress senders = a.address(); // A first, so B joins it rather than forming a cluster of its own
      try (Node b = Node.start(String.valueOf(portB), members)) {
        return new BenchResult[] {single,
            new LoadGenerator(w, identity, senders, b.address(), true).run("cluster")};
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A {@link BenchNode} child process. */
  private static final class Node implements AutoCloseable {
    private final Process process;
    private final PrintStream stdin;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final StringBuffer output = new StringBuffer();

    private Node(Process process) {
      this.process = process;
      this.stdin = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
      Thread reader = new Thread(this::readOutput, "bench-node-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    static Node start(String... args) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.addAll(jvmFlags());
      cmd.addAll(List.of("-Dchatroom.log.level=WARN", "-Dhazelcast.logging.type=slf4j",
          "-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.wait.seconds.before.join=0",
          "-cp", System.getProperty("java.class.path"), BenchNode.class.getName()));
      cmd.addAll(List.of(args));
      return new Node(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** Hazelcast's --add-opens flags: the test's property, or those this JVM was started with. */
    private static List<String> jvmFlags() {
      List<String> flags = new ArrayList<>();
      String fromTests = System.getProperty("chatroom.hazelcast.jvm.flags");
      if (fromTests != null) {
        for (String f : fromTests.trim().split("\\s+")) {
          if (!f.isEmpty()) {
            flags.add(f);
          }
        }
        return flags;
      }
      for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (arg.startsWith("--add-")) {
          flags.add(arg);
        }
      }
      return flags;
    }

    InetSocketAddress address() throws Exception {
      try {
        return new InetSocketAddress("127.0.0.1", port.get(120, TimeUnit.SECONDS));
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IOException("a relay node for the cluster run did not start; its output:\n" + output);
      }
    }

    private void readOutput() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("port ")) {
            port.complete(Integer.parseInt(line.substring(5).trim()));
          } else if (output.length() < 64 * 1024) {
            output.append(line).append('\n');
          }
        }
      } catch (IOException e) {
        // the node ended
      }
      port.completeExceptionally(new IllegalStateException("exited"));
    }

    @Override
    public void close() throws InterruptedException {
      stdin.println("quit");
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
