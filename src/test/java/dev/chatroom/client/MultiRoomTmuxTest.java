package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14's interactive test with the version 2 core: alice sits in two rooms and a private
 * window in tmux; bob (lobby) and carol (ops) are real clients in pipe mode. Skipped until the
 * core's many rooms ({@code ChatClient.focus}, {@code --room} repeated) are in this tree.
 */
class MultiRoomTmuxTest extends ClientTestBase {
  private static final String HALF = "half typed 你好";

  static boolean coreHasRooms() {
    try {
      ChatClient.class.getMethod("focus", String.class);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  @Test
  @Timeout(180)
  void twoRoomsAndAPrivateWindow() throws Exception {
    Assumptions.assumeTrue(Tmux.available(), "tmux is not installed: skipping (.ci/run installs it)");
    Assumptions.assumeTrue(coreHasRooms(), "needs the version 2 client core (many rooms)");
    ChatProcess bob = chat("bob", "--room", "lobby");
    ChatProcess carol = chat("carol", "--room", "ops");
    Tmux t = Tmux.chat(temp, 100, 30, "--server", "127.0.0.1:" + port(), "--nick", "alice",
        "--identity", identity("alice").toString(), "--room", "lobby", "--room", "ops");
    closeables.add(t);
    t.await("the first room", s -> s.contains("joined lobby"));
    // the ops window fills out of sight; /window lists both
    t.await("both rooms", s -> {
      try {
        if (!s.contains("#ops")) {
          t.type("/window");
          t.keys("Enter");
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return s.contains("#lobby") && s.contains("#ops");
    });
    // the activity line is redrawn after the listing: wait for it rather than race the redraw
    t.await("window 1 is the first room", s -> Tmux.activity(s).contains("[1:#lobby]"));
    t.await("bob in lobby", s -> s.contains("bob"));
    bob.awaitErr("alice");
    carol.awaitErr("alice");

    t.type(HALF);
    t.await("the half-typed line", s -> Tmux.prompt(s).equals("#lobby> " + HALF));
    carol.type("alice: standup in ops");
    String marked = t.await("a mention in ops", s -> Tmux.activity(s).endsWith("[Act: 2*]"));
    assertFalse(marked.contains("standup in ops"), "another room's line shows in its window only:\n" + marked);
    assertEquals("#lobby> " + HALF, Tmux.prompt(marked), marked);

    t.keys("M-2");
    String ops = t.await("the ops window", s -> Tmux.prompt(s).equals("#ops> " + HALF));
    assertTrue(ops.contains("carol: alice: standup in ops"), ops);

    bob.type("/msg alice psst");
    String priv = t.await("a private window", s -> Tmux.activity(s).endsWith("[Act: 3!]"));
    assertEquals("#ops> " + HALF, Tmux.prompt(priv), priv);
    bob.type("lobby chatter");
    t.await("lobby marked too", s -> Tmux.activity(s).endsWith("[Act: 1,3!]"));

    // A plain line goes to the current window's room: ops, not lobby.
    t.keys("C-u");
    t.type("on my way");
    t.keys("Enter");
    carol.awaitOut("alice: on my way");
    assertFalse(bob.out().stream().anyMatch(l -> l.contains("on my way")), bob.out().toString());

    t.keys("M-a");
    String bobWindow = t.await("the private window", s -> Tmux.prompt(s).equals("bob>"));
    assertTrue(bobWindow.contains("[private] bob: psst"), bobWindow);
    t.type("hi bob");
    t.keys("Enter");
    bob.awaitOut("[private] alice: hi bob");

    for (int i = 1; i <= 40; i++) {
      carol.type(String.format("old %02d", i));
    }
    t.keys("M-2");
    t.await("ops newest", s -> s.contains("carol: old 40"));
    t.keys("PPage");
    String up = t.await("older lines", s -> s.contains("carol: old 05") && Tmux.activity(s).endsWith("-- more --"));
    assertFalse(up.contains("carol: old 40"), up);
  }
}
