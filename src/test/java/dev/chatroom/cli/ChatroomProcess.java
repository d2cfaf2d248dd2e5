package dev.chatroom.cli;

import dev.chatroom.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** {@code chatroom ...} in its own JVM (real environment, real Logback setup), with its stderr lines. */
final class ChatroomProcess implements AutoCloseable {
  private final Process process;
  private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
  private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
  private final Thread reader;

  ChatroomProcess(Path workDir, Map<String, String> env, String... args) throws IOException {
    this(workDir, env, List.of(), args);
  }

  /** With {@code jvmArgs} (such as {@code -Dchatroom.port=0}) before the main class. */
  ChatroomProcess(Path workDir, Map<String, String> env, List<String> jvmArgs, String... args) throws IOException {
    List<String> command = ChildJvm.java();
    // the shipped logback.xml, not the test classpath's logback-test.xml that would win otherwise
    command.add("-Dlogback.configurationFile=" + Main.class.getClassLoader().getResource("logback.xml"));
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", ChildJvm.classPath(), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().keySet().removeIf(k -> k.startsWith("CHATROOM_"));
    builder.environment().putAll(env);
    process = builder.start();
    reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          stderr.add(line);
          unread.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "chatroom-stderr");
    reader.setDaemon(true);
    reader.start();
  }

  /** Waits for a stderr line matching {@code wanted}; fails with everything seen so far. */
  String awaitLine(Predicate<String> wanted, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String line = unread.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null && wanted.test(line)) {
        return line;
      }
    }
    throw new AssertionError("no such line within " + seconds + " s; stderr was:\n" + String.join("\n", stderr));
  }

  /** Waits for the exit code; the whole of stderr is read by then. */
  int awaitExit(int seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("still running after " + seconds + " s; stderr:\n" + String.join("\n", stderr));
    }
    reader.join(TimeUnit.SECONDS.toMillis(seconds));
    return process.exitValue();
  }

  /** SIGTERM, as an orchestrator stops the relay. */
  void terminate() { process.destroy(); }

  List<String> stderr() {
    synchronized (stderr) {
      return List.copyOf(stderr);
    }
  }

  @Override
  public void close() { process.destroyForcibly(); }
}
