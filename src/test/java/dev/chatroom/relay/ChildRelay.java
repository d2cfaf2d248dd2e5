package dev.chatroom.relay;

import dev.chatroom.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A relay node in its own JVM, started from the test classpath exactly as a user would start
 * it ({@code chatroom relay --cluster ...}), so a test can kill -9 or SIGSTOP it.
 */
final class ChildRelay implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("relay listening on [^:]+:(\\d+)");

  final String name;
  final int clusterPort;
  private final Process process;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final StringBuffer output = new StringBuffer();

  private ChildRelay(String name, int clusterPort, Process process) {
    this.name = name;
    this.clusterPort = clusterPort;
    this.process = process;
    Thread reader = new Thread(this::readOutput, "child-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a node on a memory store of its own; {@link #port()} waits until it listens. */
  static ChildRelay start(String name, int clusterPort, String members, String... moreFlags) throws IOException {
    return clustered(name, clusterPort, members, "memory", moreFlags);
  }

  /** Starts a node on {@code store} (a shared postgresql:// one for version 2 across nodes). */
  static ChildRelay clustered(String name, int clusterPort, String members, String store, String... moreFlags)
      throws IOException {
    return clustered(name, clusterPort, members, store, List.of(), moreFlags);
  }

  /** As above with JVM options (e.g. -D) before the main class. */
  static ChildRelay clustered(String name, int clusterPort, String members, String store, List<String> jvmFlags,
      String... moreFlags) throws IOException {
    List<String> cmd = ChildJvm.java();
    cmd.addAll(jvmFlags);
    for (String flag : System.getProperty("chatroom.hazelcast.jvm.flags", "").trim().split("\\s+")) {
      if (!flag.isEmpty()) {
        cmd.add(flag);
      }
    }
    // small and quick to start: three of these share two cores with the test
    cmd.addAll(List.of("-Xmx192m", "-Xss512k",
        "-cp", ChildJvm.classPath(), "dev.chatroom.cli.Main",
        "relay", "--port", "0", "--cluster", "--cluster-host", "127.0.0.1",
        "--cluster-port", String.valueOf(clusterPort), "--cluster-members", members, "--store", store));
    cmd.addAll(List.of(moreFlags));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    return new ChildRelay(name, clusterPort, p);
  }

  /** A single (unclustered) relay node in its own JVM, e.g. to kill -9 it mid-flood. */
  static ChildRelay single(String name, String... flags) throws IOException {
    List<String> cmd = ChildJvm.java();
    cmd.addAll(List.of("-Xmx256m", "-cp", ChildJvm.classPath(), "dev.chatroom.cli.Main", "relay", "--port", "0"));
    cmd.addAll(List.of(flags));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    return new ChildRelay(name, 0, p);
  }

  /** The flags that turn on event-bus TLS with a folder written by {@code ClusterCa.issue}. */
  static String[] tlsFlags(java.nio.file.Path folder) {
    return new String[] {"--cluster-tls-cert", folder.resolve("cert.pem").toString(),
        "--cluster-tls-key", folder.resolve("key.pem").toString(), "--cluster-tls-ca", folder.resolve("ca.pem").toString()};
  }

  /**
   * A free port for a child to bind seconds later. Chosen at random below Linux's ephemeral range
   * (32768-60999), where the machine's outgoing connections take ports from, so none of those
   * takes it in the meantime (a Hazelcast node does not start on a port in use).
   */
  static int freePort() throws IOException {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < 100; i++) {
      int port = random.nextInt(20_000, 32_000);
      try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException inUse) {
        // try another
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  int port() throws Exception {
    try {
      return port.get(90, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(name + " did not start listening; its output:\n" + output, e);
    }
  }

  long pid() { return process.pid(); }

  boolean alive() { return process.isAlive(); }

  /** kill -9. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, as a service manager stops it; returns the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " did not stop within 20 s after SIGTERM");
    }
    return process.exitValue();
  }

  void signal(String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start();
    kill.waitFor(5, TimeUnit.SECONDS);
  }

  String output() { return output.toString(); }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.append(line).append('\n');
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          port.complete(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    port.completeExceptionally(new IllegalStateException(name + " exited:\n" + output));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
