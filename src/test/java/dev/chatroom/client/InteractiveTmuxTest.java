package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.TestIdentities;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The interactive client in a real terminal (tmux): arriving lines never clobber typing. */
class InteractiveTmuxTest extends ClientTestBase {
  private final String socket = "chatroom-test-" + UUID.randomUUID();

  @AfterEach
  void killTmux() throws Exception {
    if (tmuxAvailable()) {
      String pid = run("tmux", "-L", socket, "display-message", "-p", "-t", "chat", "#{pane_pid}").strip();
      run("tmux", "-L", socket, "kill-server");
      Tmux.awaitExit(pid); // the client may still be saving into the temp dir JUnit deletes next
    }
  }

  @Test
  @Timeout(60)
  void incomingMessageDoesNotClobberAHalfTypedLine() throws Exception {
    Assumptions.assumeTrue(tmuxAvailable(),
        "tmux is not installed: skipping the interactive terminal test (.ci/run installs it)");
    Path script = temp.resolve("alice.sh");
    List<String> cmd = ChatProcess.command("--server", "127.0.0.1:" + port(), "--nick", "alice",
        "--identity", identity("alice").toString());
    Files.writeString(script, "exec " + cmd.stream().map(InteractiveTmuxTest::quote)
        .collect(Collectors.joining(" ")) + "\n");
    run("tmux", "-L", socket, "new-session", "-d", "-s", "chat", "-x", "100", "-y", "30",
        "sh " + quote(script.toString()));
    awaitScreen(s -> s.contains("joined lobby as alice"));

    RawPeer bob = raw("bob", "lobby", TestIdentities.fresh());
    awaitScreen(s -> s.contains("bob joined"));
    run("tmux", "-L", socket, "send-keys", "-t", "chat", "-l", "half typed 你好");
    awaitScreen(s -> lastLine(s).equals("#lobby> half typed 你好"));

    bob.send(bob.seal("ping from bob", "alice"));
    String screen = awaitScreen(s -> s.contains("bob: ping from bob"));
    // The message sits above the prompt, and the prompt still holds exactly what was typed.
    List<String> lines = lines(screen);
    int msg = lines.indexOf("bob: ping from bob");
    assertEquals("#lobby> half typed 你好", lastLine(screen), screen);
    if (msg < 0 || msg >= lines.size() - 1) {
      fail("the message should be on its own line above the prompt:\n" + screen);
    }

    // Interactive mode shows received text by the same rule: no title change, no cleared screen.
    bob.send(bob.seal("\u001b]0;pwned\u0007 \u001b[2J \u009b2J hi", "alice"));
    awaitScreen(s -> s.contains("bob: \uFFFD]0;pwned\uFFFD \uFFFD[2J \uFFFD2J hi"));
    String title = run("tmux", "-L", socket, "display-message", "-p", "-t", "chat", "#{pane_title}");
    assertFalse(title.contains("pwned"), "a peer set the window title: " + title);
    assertEquals("#lobby> half typed 你好", lastLine(awaitScreen(s -> s.contains("ping from bob"))));

    run("tmux", "-L", socket, "send-keys", "-t", "chat", "-l", " and done");
    run("tmux", "-L", socket, "send-keys", "-t", "chat", "Enter");
    assertEquals("half typed 你好 and done", bob.receive().text());
    // Our own line is shown once, formatted; the typed "lobby> ..." line does not stay behind.
    String sent = awaitScreen(s -> s.contains("alice: half typed 你好 and done"));
    assertEquals(1, lines(sent).stream().filter(l -> l.contains("half typed 你好 and done")).count(), sent);
    assertEquals("#lobby>", lastLine(sent), sent);

    run("tmux", "-L", socket, "send-keys", "-t", "chat", "/who", "Enter");
    String who = awaitScreen(s -> s.contains(bob.id.fingerprint().shortForm() + "  unverified"));
    List<String> rows = lines(who).stream().filter(l -> l.startsWith("    ")).toList();
    assertEquals(2, rows.size(), who);
    assertEquals(rows.get(0).indexOf(identityShortForm()), rows.get(1).indexOf(bob.id.fingerprint().shortForm()),
        "the fingerprint column lines up:\n" + who);

    run("tmux", "-L", socket, "send-keys", "-t", "chat", "/help", "Enter");
    String help = awaitScreen(s -> s.contains("//TEXT"));
    String first = lines(help).stream().filter(l -> l.startsWith("* TEXT ")).findFirst().orElseThrow();
    int column = first.indexOf("send TEXT to everyone");
    for (String l : List.of("/who", "/quit", "//TEXT")) {
      String row = lines(help).stream().filter(x -> x.strip().startsWith(l + " ")).findFirst().orElseThrow();
      assertEquals(column, row.indexOf(row.substring(row.indexOf(l) + l.length()).strip()),
          "/help columns line up:\n" + help);
    }
  }

  private String identityShortForm() throws Exception {
    return dev.chatroom.crypto.KeyFiles.load(temp.resolve("alice"), null).fingerprint().shortForm();
  }

  private String awaitScreen(Predicate<String> ok) throws Exception {
    long deadline = System.currentTimeMillis() + ChatProcess.WAIT_MS;
    String screen = "";
    while (System.currentTimeMillis() < deadline) {
      screen = run("tmux", "-L", socket, "capture-pane", "-p", "-t", "chat");
      if (ok.test(screen)) {
        return screen;
      }
      Thread.sleep(100); // polling a screen: there is no event to wait on
    }
    fail("the screen never showed what was expected:\n" + screen);
    return screen;
  }

  private static List<String> lines(String screen) {
    List<String> out = new ArrayList<>();
    for (String l : screen.split("\n")) {
      out.add(l.stripTrailing());
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private static String lastLine(String screen) {
    List<String> l = lines(screen);
    return l.isEmpty() ? "" : l.get(l.size() - 1);
  }

  private static boolean tmuxAvailable() {
    try {
      return new ProcessBuilder("tmux", "-V").start().waitFor(5, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
