package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** A private tmux server running one real {@code chatroom chat}, read as a person sees it. */
final class Tmux implements AutoCloseable {
  private final String socket = "chatroom-test-" + UUID.randomUUID();

  static boolean available() {
    try {
      return new ProcessBuilder("tmux", "-V").start().waitFor(5, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Starts {@code chatroom chat ARGS} in a {@code columns} x {@code rows} terminal. */
  static Tmux chat(Path dir, int columns, int rows, String... chatArgs) throws Exception {
    Path script = dir.resolve("chat-" + UUID.randomUUID() + ".sh");
    Files.writeString(script, "exec " + ChatProcess.command(chatArgs).stream().map(Tmux::quote)
        .collect(Collectors.joining(" ")) + "\n");
    Tmux t = new Tmux();
    t.tmux("new-session", "-d", "-s", "chat", "-x", String.valueOf(columns), "-y", String.valueOf(rows),
        "sh " + quote(script.toString()));
    return t;
  }

  /** Types {@code text} literally. */
  void type(String text) throws Exception { tmux("send-keys", "-t", "chat", "-l", text); }

  /** Presses keys by tmux name: {@code Enter}, {@code M-2}, {@code C-n}, {@code PPage}. */
  void keys(String... names) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("send-keys", "-t", "chat"));
    cmd.addAll(List.of(names));
    tmux(cmd.toArray(String[]::new));
  }

  String screen() throws Exception { return tmux("capture-pane", "-p", "-t", "chat"); }

  /** Polls the screen until {@code ok} holds; fails with the last screen after the deadline. */
  String await(String what, Predicate<String> ok) throws Exception {
    long deadline = System.currentTimeMillis() + ChatProcess.WAIT_MS;
    String screen = "";
    while (System.currentTimeMillis() < deadline) {
      screen = screen();
      if (ok.test(screen)) {
        return screen;
      }
      Thread.sleep(100); // polling a screen: there is no event to wait on
    }
    fail("the screen never showed " + what + ":\n" + screen);
    return screen;
  }

  static List<String> lines(String screen) {
    List<String> out = new ArrayList<>();
    for (String l : screen.split("\n")) {
      out.add(l.stripTrailing());
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  /** The prompt line, with what is typed on it. */
  static String prompt(String screen) {
    List<String> l = lines(screen);
    return l.isEmpty() ? "" : l.get(l.size() - 1);
  }

  /** The activity line, just above the prompt. */
  static String activity(String screen) {
    List<String> l = lines(screen);
    return l.size() < 2 ? "" : l.get(l.size() - 2);
  }

  private String tmux(String... args) throws Exception { return run(socket, args); }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Kills the terminal and waits for the client to exit, so it is not writing files any more. */
  @Override
  public void close() throws Exception {
    String pid = tmux("display-message", "-p", "-t", "chat", "#{pane_pid}").strip();
    tmux("kill-server");
    awaitExit(pid);
  }

  /** Waits (up to 30 s: a loaded machine, and the client seals its outbox first) for the process {@code pid}, as tmux printed it, to be gone. */
  static void awaitExit(String pid) throws Exception {
    if (pid.matches("[0-9]+")) {
      var handle = ProcessHandle.of(Long.parseLong(pid));
      if (handle.isPresent()) {
        handle.get().onExit().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Runs {@code tmux -L SOCKET ARGS}, for tests that drive tmux themselves. */
  static String run(String socket, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }
}
