package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** The activity line, as the user reads it. */
class StatusLineTest {
  private final Windows windows = new Windows();

  private String render(int columns) {
    return StatusLine.render(windows, "alice", LocalTime.of(9, 5), columns).toString();
  }

  @Test
  void marksEachUnreadWindowByLevel() {
    Window lobby = windows.room("lobby");
    Window ops = windows.room("ops");
    Window dev = windows.room("dev");
    Window bob = windows.privateWith("bob", "lobby");
    assertEquals("[09:05] [alice] [1:#lobby]", render(80));
    windows.add(ops, line(), Activity.MESSAGE, 80);
    windows.add(dev, line(), Activity.MENTION, 80);
    windows.add(bob, line(), Activity.PRIVATE, 80);
    windows.add(lobby, line(), Activity.PRIVATE, 80);
    assertEquals("[09:05] [alice] [1:#lobby] [Act: 2,3*,4!]", render(80), "the current window is read");
    windows.select(3);
    assertEquals("[09:05] [alice] [3:#dev] [Act: 2,4!]", render(80));
    assertEquals("#dev> ", StatusLine.prompt(windows.current()));
    assertEquals("bob> ", StatusLine.prompt(bob));
  }

  @Test
  void saysMoreWhileScrolledBackAndFitsOneRow() {
    Window lobby = windows.room("lobby");
    for (int i = 0; i < 50; i++) {
      windows.add(lobby, line(), Activity.MESSAGE, 80);
    }
    lobby.scroll(10, 20, 80);
    assertTrue(render(80).endsWith(" -- more --"), render(80));
    assertEquals(19, StatusLine.render(windows, "alice", LocalTime.NOON, 20).columnLength());
  }

  private static Window.Line line() {
    return new Window.Line("x", Window.Kind.MESSAGE);
  }
}
