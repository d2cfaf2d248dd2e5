package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageSealer;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.TestIdentities;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The windows in a real terminal, as a person uses them with a version 1 relay: a private
 * window opens when bob writes, Alt+2 / Alt+A / Ctrl-N / Ctrl-P / /window switch, the activity
 * line marks a private message and a mention, PgUp shows older lines, and a half-typed line
 * survives traffic in every window.
 */
class WindowsTmuxTest extends ClientTestBase {
  private static final String HALF = "half typed 你好";

  @Test
  @Timeout(120)
  void roomAndPrivateWindowsAsAPersonUsesThem() throws Exception {
    Assumptions.assumeTrue(Tmux.available(), "tmux is not installed: skipping (.ci/run installs it)");
    Path aliceDir = identity("alice");
    Tmux t = Tmux.chat(temp, 100, 30, "--server", "127.0.0.1:" + port(), "--nick", "alice",
        "--identity", aliceDir.toString());
    closeables.add(t);
    t.await("the welcome", s -> s.contains("joined lobby as alice"));
    String start = t.await("the activity line", s -> Tmux.activity(s).contains("[alice] [1:#lobby]"));
    assertTrue(Tmux.activity(start).matches("\\[\\d\\d:\\d\\d\\] \\[alice\\] \\[1:#lobby\\]"), start);

    RawPeer bob = raw("bob", "lobby", TestIdentities.fresh());
    RawPeer carol = raw("carol", "lobby", TestIdentities.fresh());
    t.await("carol joining", s -> s.contains("carol joined"));
    bob.awaitJoined("carol");
    t.type(HALF);
    t.await("the half-typed line", s -> Tmux.prompt(s).equals("#lobby> " + HALF));

    // A private message opens window 2 and marks it, without showing in #lobby or touching the prompt.
    bob.send(bob.seal(new MessageSealer(), new Payload("psst alice", false, true), "alice"));
    String marked = t.await("window 2 marked private", s -> Tmux.activity(s).endsWith("[Act: 2!]"));
    assertFalse(marked.contains("psst alice"), marked);
    assertEquals("#lobby> " + HALF, Tmux.prompt(marked), marked);

    t.keys("M-2");
    String inBob = t.await("the private window", s -> Tmux.prompt(s).equals("bob> " + HALF));
    assertTrue(inBob.contains("[private] bob: psst alice"), inBob);
    assertFalse(Tmux.activity(inBob).contains("Act:"), "switching reads the window:\n" + inBob);
    assertTrue(Tmux.activity(inBob).contains("[2:bob]"), inBob);

    // A mention in the room marks window 1 while the line is half typed in window 2.
    carol.send(carol.seal("hey alice, lunch?", "alice"));
    String mention = t.await("window 1 marked as a mention", s -> Tmux.activity(s).endsWith("[Act: 1*]"));
    assertFalse(mention.contains("lunch?"), mention);
    assertEquals("bob> " + HALF, Tmux.prompt(mention), mention);

    // A plain line in the private window goes to bob alone.
    t.type(" ok");
    t.keys("Enter");
    Payload got = bob.receive();
    assertEquals(HALF + " ok", got.text());
    assertTrue(got.isPrivate());
    t.await("our private line", s -> s.contains("[private to bob] alice: " + HALF + " ok"));
    assertTrue(carol.noMessageFor(1_000), "a line typed in bob's window reached the room");

    // Alt+A jumps to the most active window.
    t.keys("M-a");
    String back = t.await("the room window", s -> Tmux.prompt(s).equals("#lobby>"));
    assertTrue(back.contains("carol: hey alice, lunch?"), back);
    assertFalse(back.contains("psst alice"), "a window shows its own lines only:\n" + back);

    // More lines than a screen, then PgUp shows the older ones and PgDn comes back.
    for (int i = 1; i <= 40; i++) {
      carol.send(carol.seal(String.format("old %02d", i), "alice"));
    }
    String full = t.await("the last line", s -> s.contains("carol: old 40"));
    assertFalse(full.contains("carol: old 01"), "old 01 should have scrolled off:\n" + full);
    t.keys("PPage");
    String up = t.await("older lines", s -> s.contains("carol: old 05") && Tmux.activity(s).endsWith("-- more --"));
    assertFalse(up.contains("carol: old 40"), up);
    assertEquals("#lobby>", Tmux.prompt(up), up);
    t.keys("NPage");
    String down = t.await("the newest lines", s -> s.contains("carol: old 40") && !s.contains("-- more --"));
    assertEquals("#lobby>", Tmux.prompt(down), down);

    // Ctrl-N, Ctrl-P and /window N.
    t.type("still here");
    t.keys("C-n");
    t.await("the next window", s -> Tmux.prompt(s).equals("bob> still here"));
    t.keys("C-p");
    t.await("the previous window", s -> Tmux.prompt(s).equals("#lobby> still here"));
    t.keys("C-u"); // clear the line
    t.type("/window 2");
    t.keys("Enter");
    t.await("window 2 by command", s -> Tmux.prompt(s).equals("bob>"));
    t.type("/win 1");
    t.keys("Enter");
    t.await("window 1 by command", s -> Tmux.prompt(s).equals("#lobby>"));

    t.type("a room line");
    t.keys("Enter");
    assertEquals("a room line", bob.receive().text());
    assertEquals("a room line", carol.receive().text());
    t.type("/quit");
    t.keys("Enter");
    Path history = aliceDir.resolve(ChatHistory.FILE);
    long deadline = System.currentTimeMillis() + ChatProcess.WAIT_MS;
    while (!(Files.exists(history) && Files.readString(history).contains("/quit"))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100); // the client saves its history as it exits
    }
    String saved = Files.readString(history);
    assertTrue(saved.contains("a room line"), saved);
    assertFalse(saved.contains(" ok"), "a line typed in a private window was stored in plaintext:\n" + saved);
  }
}
