package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The window model without a terminal: numbering, switching, scrollback, activity. */
class WindowsTest {
  private final Windows windows = new Windows();

  private static ShownMessage room(String room, String from, String text) {
    return new ShownMessage(room, from, text, false, false, null, 0, 0, "id", false, false);
  }

  private static ShownMessage privately(String room, String from, String text) {
    return new ShownMessage(room, from, text, false, true, from, 0, 0, "id", false, false);
  }

  private static Window.Line line(String text) {
    return new Window.Line(text, Window.Kind.MESSAGE);
  }

  private void receive(ShownMessage m) {
    windows.add(windows.of(m), line(m.from() + ": " + m.text()), Activity.of(m, "alice"), 80);
  }

  @Test
  void windowsAreNumberedInOrderOfCreationAndTheFirstRoomIsCurrent() {
    Window lobby = windows.room("lobby");
    Window ops = windows.room("ops");
    Window bob = windows.privateWith("bob", "lobby");
    assertSame(lobby, windows.current());
    assertEquals(List.of("#lobby", "#ops", "bob"), windows.all().stream().map(Window::name).toList());
    assertEquals(3, windows.number(bob));
    assertSame(ops, windows.room("ops"), "a room has one window");
    assertSame(bob, windows.of(privately("ops", "bob", "hi")), "a peer has one private window");
    assertEquals("ops", bob.room(), "a private window follows the peer's latest room");
    assertTrue(bob.isPrivate());
    assertFalse(ops.isPrivate());
  }

  @Test
  void linesOfTheCurrentWindowShowAndOthersWaitWithTheirLevel() {
    Window lobby = windows.room("lobby");
    Window ops = windows.room("ops");
    assertTrue(windows.add(lobby, line("x"), Activity.MESSAGE, 80), "the current window shows at once");
    assertEquals(Activity.NONE, lobby.activity(), "what is on screen is read");
    assertFalse(windows.add(ops, line("y"), Activity.MESSAGE, 80));
    assertEquals(Activity.MESSAGE, ops.activity());
    assertEquals(List.of(ops), windows.active());
  }

  @Test
  void activityLevelsAreMessageThenMentionThenPrivate() {
    assertEquals(Activity.MESSAGE, Activity.of(room("ops", "bob", "hello all"), "alice"));
    assertEquals(Activity.MENTION, Activity.of(room("ops", "bob", "ALICE: look"), "alice"), "any case");
    assertEquals(Activity.MESSAGE, Activity.of(room("ops", "bob", "malice aforethought"), "alice"), "a word");
    assertEquals(Activity.PRIVATE, Activity.of(privately("ops", "bob", "psst"), "alice"));
    assertEquals(Activity.NONE, Activity.of(
        new ShownMessage("ops", "alice", "alice here", false, false, null, 0, 0, "id", true, false), "alice"));
    assertTrue(Activity.PRIVATE.rings());
    assertTrue(Activity.MENTION.rings());
    assertFalse(Activity.MESSAGE.rings());

    windows.room("lobby");
    Window ops = windows.room("ops");
    receive(room("ops", "bob", "ping alice"));
    receive(room("ops", "bob", "later"));
    assertEquals(Activity.MENTION, ops.activity(), "a window keeps its highest level");
  }

  @Test
  void switchingClearsActivityAndWrapsAround() {
    Window lobby = windows.room("lobby");
    Window ops = windows.room("ops");
    Window bob = windows.privateWith("bob", "lobby");
    receive(room("ops", "bob", "hi"));
    assertTrue(windows.select(2));
    assertSame(ops, windows.current());
    assertEquals(Activity.NONE, ops.activity());
    assertFalse(windows.select(4), "no window 4");
    assertFalse(windows.select(0));
    assertSame(ops, windows.current());
    windows.next();
    assertSame(bob, windows.current());
    windows.next();
    assertSame(lobby, windows.current(), "after the last comes the first");
    windows.previous();
    assertSame(bob, windows.current(), "before the first comes the last");
  }

  @Test
  void mostActiveIsTheHighestLevelThenTheOldestUnread() {
    windows.room("lobby");
    Window ops = windows.room("ops");
    Window dev = windows.room("dev");
    Window qa = windows.room("qa");
    assertNull(windows.mostActive(), "nothing unread");
    receive(room("ops", "bob", "one"));
    receive(room("dev", "bob", "hey alice"));
    receive(room("qa", "bob", "alice?"));
    assertSame(dev, windows.mostActive(), "a mention beats a message; the older mention first");
    windows.select(dev);
    assertSame(qa, windows.mostActive());
    receive(privately("lobby", "carol", "psst"));
    Window carol = windows.find("carol");
    assertSame(carol, windows.mostActive(), "a private message beats a mention");
    windows.select(carol);
    windows.select(qa);
    assertSame(ops, windows.mostActive());
    windows.select(ops);
    assertNull(windows.mostActive());
  }

  @Test
  void scrollbackIsBoundedAndPagesBackAndForth() {
    Window lobby = windows.room("lobby");
    for (int i = 1; i <= Window.SCROLLBACK + 50; i++) {
      windows.add(lobby, line("line " + i), Activity.MESSAGE, 80);
    }
    assertEquals(Window.SCROLLBACK, lobby.size(), "the oldest lines fall off");
    assertEquals("line " + (Window.SCROLLBACK + 50), last(lobby.view(10, 80)));
    assertEquals(10, lobby.view(10, 80).size());

    assertTrue(lobby.scroll(9, 10, 80));
    assertEquals("line " + (Window.SCROLLBACK + 41), last(lobby.view(10, 80)));
    // A new line while scrolled back does not show and does not move the view.
    assertFalse(windows.add(lobby, line("new"), Activity.MESSAGE, 80));
    assertEquals("line " + (Window.SCROLLBACK + 41), last(lobby.view(10, 80)));
    assertEquals(Activity.NONE, lobby.activity(), "the current window has no activity");

    assertTrue(lobby.scroll(100_000, 10, 80), "PgUp stops at the oldest line");
    assertEquals("line 52", lobby.view(10, 80).get(0).text(), "line 51 fell off when \"new\" came");
    assertFalse(lobby.scroll(1, 10, 80), "no further back");
    assertTrue(lobby.scroll(-100_000, 10, 80));
    assertEquals(0, lobby.scrolledBack());
    assertEquals("new", last(lobby.view(10, 80)));
    assertFalse(lobby.scroll(-1, 10, 80), "no further forward");
  }

  @Test
  void aLongLineTakesTheRowsItWrapsTo() {
    Window lobby = windows.room("lobby");
    windows.add(lobby, line("a"), Activity.MESSAGE, 10);
    windows.add(lobby, line("x".repeat(25)), Activity.MESSAGE, 10);
    assertEquals(3, new Window.Line("x".repeat(25), Window.Kind.MESSAGE).rows(10));
    assertEquals(2, new Window.Line("a\nb", Window.Kind.NOTICE).rows(10), "a block's own newlines");
    assertEquals(1, lobby.view(3, 10).size(), "a line that does not fit whole is left out");
    assertEquals(2, lobby.view(4, 10).size());
  }

  @Test
  void leavingARoomClosesItsWindowAndKeepsPrivateOnes() {
    windows.room("lobby");
    Window ops = windows.room("ops");
    Window bob = windows.privateWith("bob", "ops");
    windows.select(ops);
    windows.keepRooms(List.of("dev", "lobby"));
    assertEquals(List.of("#lobby", "bob", "#dev"), windows.all().stream().map(Window::name).toList());
    assertSame(windows.find("#lobby"), windows.current(), "the window before the closed one");
    assertSame(bob, windows.find("bob"));
  }

  @Test
  void aBareWindowCommandListsThem() {
    windows.room("lobby");
    windows.privateWith("bob", "lobby");
    assertEquals("windows:\n  1  #lobby  (current)\n  2  bob", windows.describe());
  }

  @Test
  void catchUpSaysSoOnceBeyondAScreenAndMarksWhereNewLinesStart() {
    CatchUpMarks marks = new CatchUpMarks();
    assertEquals(List.of(), marks.report("ops", 10, false, 30), "a screenful needs no notice");
    assertEquals(1, marks.report("ops", 31, false, 30).size());
    assertEquals(List.of(), marks.report("ops", 500, false, 30), "one notice per catch-up");
    assertEquals(List.of(new Window.Line(CatchUpMarks.NEW_MESSAGES, Window.Kind.MARKER)),
        marks.report("ops", 500, true, 30));
    assertEquals(1, marks.report("ops", 31, false, 30).size(), "the next catch-up says so again");
    assertEquals(List.of(), marks.report("dev", 0, true, 30), "nothing replayed: no marker");
  }

  private static String last(List<Window.Line> lines) {
    return lines.get(lines.size() - 1).text();
  }
}
