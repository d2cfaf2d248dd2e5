package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.fail;

import dev.chatroom.ChildJvm;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The real {@code chatroom chat} in pipe mode, in a child JVM, driven through stdin/stdout. */
final class ChatProcess implements AutoCloseable {
  // an upper bound on waits for a condition, not a pause: two test JVMs and their children share two cores
  static final long WAIT_MS = 45_000;

  final String nick;
  private final Process process;
  private final OutputStream stdin;
  private final List<String> out = new ArrayList<>();
  private final List<String> err = new ArrayList<>();
  private final ByteArrayOutputStream rawOut = new ByteArrayOutputStream();
  private final ByteArrayOutputStream rawErr = new ByteArrayOutputStream();

  private ChatProcess(String nick, Process process) {
    this.nick = nick;
    this.process = process;
    this.stdin = process.getOutputStream();
    pump(process.getInputStream(), out, rawOut, "out-" + nick);
    pump(process.getErrorStream(), err, rawErr, "err-" + nick);
  }

  /** Starts {@code chatroom chat} with the given arguments after "chat". */
  static ChatProcess start(String nick, Map<String, String> env, String... chatArgs) throws IOException {
    List<String> cmd = command(chatArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    return new ChatProcess(nick, pb.start());
  }

  static ChatProcess start(int port, String nick, Path identity, String... more) throws IOException {
    return start(List.of(), port, nick, identity, more);
  }

  /** As above with JVM options (e.g. {@link #GIVE_UP_SOON}) before the main class. */
  static ChatProcess start(List<String> jvmFlags, int port, String nick, Path identity, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("--server", "127.0.0.1:" + port, "--nick", nick,
        "--identity", identity.toString()));
    args.addAll(List.of(more));
    return new ChatProcess(nick, new ProcessBuilder(command(jvmFlags, args.toArray(String[]::new))).start());
  }

  /** At end of input, waits 2 s instead of 10 for a relay that is gone for good (PipeMode.DRAIN_MS). */
  static final List<String> GIVE_UP_SOON = List.of("-Dchatroom.client.drain_ms=2000");

  /** The java command line that runs {@code chatroom chat ARGS} from this test's classpath. */
  static List<String> command(String... chatArgs) {
    return command(List.of(), chatArgs);
  }

  private static List<String> command(List<String> jvmFlags, String... chatArgs) {
    List<String> cmd = ChildJvm.java();
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-Dlogback.configurationFile=" + mainLogbackConfig(),
        "-cp", ChildJvm.classPath(), "dev.chatroom.cli.Main", "chat"));
    cmd.addAll(List.of(chatArgs));
    return cmd;
  }

  /** Test classes carry a logback-test.xml that logs to stdout; the real one logs to stderr. */
  private static String mainLogbackConfig() {
    try {
      return Path.of(dev.chatroom.cli.Main.class.getResource("/logback.xml").toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private void pump(InputStream stream, List<String> into, ByteArrayOutputStream raw, String name) {
    Thread t = new Thread(() -> {
      InputStream tee = new FilterInputStream(stream) { // keeps every byte, for tests of what reached the terminal
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            synchronized (raw) {
              raw.write(b);
            }
          }
          return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
          int n = super.read(buf, off, len);
          if (n > 0) {
            synchronized (raw) {
              raw.write(buf, off, n);
            }
          }
          return n;
        }
      };
      try (BufferedReader r = new BufferedReader(new InputStreamReader(tee, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (this) {
            into.add(line);
            notifyAll();
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  void type(String... lines) throws IOException {
    for (String line : lines) {
      stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    stdin.flush();
  }

  void endInput() throws IOException { stdin.close(); }

  synchronized List<String> out() { return List.copyOf(out); }

  /** Every byte the process wrote to stdout so far, exactly as written. */
  byte[] rawOut() {
    synchronized (rawOut) {
      return rawOut.toByteArray();
    }
  }

  /** Every byte the process wrote to stderr so far. */
  byte[] rawErr() {
    synchronized (rawErr) {
      return rawErr.toByteArray();
    }
  }

  synchronized List<String> err() { return List.copyOf(err); }

  /** Waits until stdout holds exactly {@code expected} (in order); fails on anything else. */
  void awaitOut(String... expected) throws InterruptedException {
    awaitOut(WAIT_MS, List.of(expected));
  }

  /** As {@link #awaitOut(String...)}, waiting up to {@code waitMs} (a long burst on a loaded machine). */
  void awaitOut(long waitMs, List<String> want) throws InterruptedException {
    String why = awaitLines(out, lines -> lines.size() >= want.size(), waitMs);
    List<String> got = out();
    if (why != null || !got.equals(want)) {
      fail(nick + " stdout: expected " + want + " but got " + got + "\nstderr: " + err());
    }
  }

  /** Waits up to {@code waitMs} until stdout holds at least {@code count} lines; returns them all. */
  List<String> awaitOutCount(int count, long waitMs) throws InterruptedException {
    if (awaitLines(out, lines -> lines.size() >= count, waitMs) != null) {
      fail(nick + " stdout: expected " + count + " lines but got " + out() + "\nstderr: " + err());
    }
    return out();
  }

  /** Waits for a stderr line containing {@code text}. */
  void awaitErr(String text) throws InterruptedException {
    awaitErr(text, 1);
  }

  /** Waits until {@code times} stderr lines contain {@code text}. */
  void awaitErr(String text, int times) throws InterruptedException {
    awaitErr(text, times, WAIT_MS);
  }

  /** Waits up to {@code waitMs} until {@code times} stderr lines contain {@code text}. */
  void awaitErr(String text, int times, long waitMs) throws InterruptedException {
    String why = awaitLines(err, lines -> lines.stream().filter(l -> l.contains(text)).count() >= times, waitMs);
    if (why != null) {
      fail(nick + " stderr never said '" + text + "' " + times + "x: " + err() + "\nstdout: " + out());
    }
  }

  /** Counts stderr lines containing {@code text}. */
  long errCount(String text) {
    return err().stream().filter(l -> l.contains(text)).count();
  }

  private synchronized String awaitLines(List<String> lines, Predicate<List<String>> done, long waitMs)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + waitMs;
    while (!done.test(lines)) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return "timeout";
      }
      wait(left);
    }
    return null;
  }

  /** Closes stdin and waits for the exit code. */
  int finish() throws Exception {
    endInput();
    if (!process.waitFor(WAIT_MS + 10_000, TimeUnit.MILLISECONDS)) {
      fail(nick + " did not exit; stderr: " + err());
    }
    return process.exitValue();
  }

  /** SIGKILL, as a crash or a pulled plug would end it: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(WAIT_MS, TimeUnit.MILLISECONDS)) {
      fail(nick + " did not die on SIGKILL");
    }
  }

  /** SIGTERM, as a service manager or {@code kill} would stop the client; waits for the exit. */
  void terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(WAIT_MS, TimeUnit.MILLISECONDS)) {
      fail(nick + " did not exit on SIGTERM");
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
