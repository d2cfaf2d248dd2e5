package dev.chatroom.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server under test in a process of its own, so that it does not share a JVM with the load
 * generator: a {@link BenchServer} or {@link BenchNode} JVM (same java and classpath, which
 * prints {@code port N}), or {@code redis-server} on a free loopback port without persistence.
 */
final class ChildServer implements AutoCloseable {
  private static final long START_SECONDS = 120;

  private final Process process;
  private final PrintStream stdin;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final java.util.concurrent.BlockingQueue<Long> heap = new java.util.concurrent.LinkedBlockingQueue<>();
  private final StringBuffer output = new StringBuffer();
  private final List<String> notable = new ArrayList<>(); // guarded by itself: read by the bench's thread
  private static final int MAX_NOTABLE = 1000;
  private final String name;
  private final boolean jvm;

  private ChildServer(String name, Process process, Integer knownPort) {
    this.name = name;
    this.process = process;
    this.jvm = knownPort == null;
    this.stdin = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> readOutput(knownPort == null), "bench-child-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    if (knownPort != null) {
      port.complete(knownPort);
    }
  }

  /** A JVM running {@code mainClass args} with this JVM's java, classpath and --add-* flags. */
  static ChildServer jvm(String name, List<String> extraFlags, Class<?> mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmFlags());
    cmd.addAll(extraFlags);
    cmd.addAll(List.of("-Dchatroom.log.level=WARN", "-Dhazelcast.logging.type=slf4j",
        "-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.wait.seconds.before.join=0",
        "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    cmd.addAll(List.of(args));
    return new ChildServer(name, new ProcessBuilder(cmd).redirectErrorStream(true).start(), null);
  }

  /** {@code redis-server} on a free 127.0.0.1 port, no RDB, no AOF; null when it is not installed. */
  static ChildServer redis() throws IOException {
    String binary = redisBinary();
    if (binary == null) {
      return null;
    }
    int p = freePort();
    List<String> cmd = List.of(binary, "--port", String.valueOf(p), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning",
        "--maxclients", "20000");
    return new ChildServer("redis", new ProcessBuilder(cmd).redirectErrorStream(true).start(), p);
  }

  static String redisBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
      java.io.File f = new java.io.File(dir, "redis-server");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    java.io.File debian = new java.io.File("/usr/bin/redis-server");
    return debian.canExecute() ? debian.getPath() : null;
  }

  /** Hazelcast's --add-opens flags: the test's property, or those this JVM was started with. */
  static List<String> jvmFlags() {
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

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Where it listens, once it does (a JVM says so; redis is polled until it accepts). */
  InetSocketAddress address() throws IOException {
    int p;
    try {
      p = port.get(START_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the " + name + " process did not start; its output:\n" + output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + name);
    }
    InetSocketAddress at = new InetSocketAddress("127.0.0.1", p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (true) {
      try (Socket probe = new Socket()) {
        probe.connect(at, 1000);
        return at;
      } catch (IOException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IOException("the " + name + " process does not accept connections; its output:\n" + output);
        }
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
  }

  ProcessHandle handle() { return process.toHandle(); }

  String output() { return output.toString(); }

  /** How many notable lines the child has printed so far (a mark for {@link #notableSince}). */
  int notableCount() {
    synchronized (notable) {
      return notable.size();
    }
  }

  /**
   * Up to {@code max} of the notable lines printed since {@code mark}: warnings, errors, and
   * connections the relay ended itself (slow consumer, output budget...), which explain a loss.
   */
  List<String> notableSince(int mark, int max) {
    synchronized (notable) {
      return List.copyOf(notable.subList(Math.min(mark, notable.size()), Math.min(notable.size(), mark + max)));
    }
  }

  static boolean isNotable(String line) {
    boolean endedByClient = line.endsWith(": client_closed") || line.endsWith(": quit");
    return line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("output budget")
        || (line.contains(" disconnect ") && !endedByClient);
  }

  private void remember(String line) {
    if (isNotable(line)) {
      synchronized (notable) {
        if (notable.size() < MAX_NOTABLE) {
          notable.add(line);
        }
      }
    }
    if (output.length() < 64 * 1024) {
      output.append(line).append('\n');
    }
  }

  private void readOutput(boolean announcesPort) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (announcesPort && line.startsWith("port ")) {
          port.complete(Integer.parseInt(line.substring(5).trim()));
        } else if (announcesPort && line.startsWith("heap ")) {
          heap.add(Long.parseLong(line.substring(5).trim()));
        } else {
          remember(line);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    port.completeExceptionally(new IllegalStateException("exited"));
  }

  /** A {@link BenchServer}'s used heap after a full GC, in bytes. */
  long heapAfterGc() throws IOException, InterruptedException {
    stdin.println("heap");
    Long bytes = heap.poll(60, TimeUnit.SECONDS);
    if (bytes == null) {
      throw new IOException("the " + name + " process did not report its heap");
    }
    return bytes;
  }

  /** Sends {@code line} to the child's standard input (a JVM child answers some commands). */
  void command(String line) { stdin.println(line); }

  @Override
  public void close() throws InterruptedException {
    stdin.println("quit");
    stdin.close();
    if (!jvm) {
      process.destroy(); // redis ignores stdin; SIGTERM makes it exit without saving (--save '')
    }
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
