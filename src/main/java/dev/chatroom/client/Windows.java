package dev.chatroom.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The window model of the interactive client, without a terminal: one window per room and per
 * private conversation, numbered 1.. in order of creation; the current one; unread activity per
 * window. Not thread-safe: {@link TerminalUi} calls it under one lock.
 */
public final class Windows {
  private final List<Window> windows = new ArrayList<>();
  private Window current;
  private long tick; // orders "oldest unread" without a clock

  /** The window of {@code room}, made (at the end) if it is new; the first one becomes current. */
  public Window room(String room) {
    Window w = find("#" + room);
    return w != null ? w : open(new Window("#" + room, room, null));
  }

  /** The private window with {@code peer}, made if new; it follows the peer's latest room. */
  public Window privateWith(String peer, String room) {
    Window w = find(peer);
    if (w == null) {
      return open(new Window(peer, room, peer));
    }
    if (room != null) {
      w.room(room);
    }
    return w;
  }

  /** The window a message belongs in. */
  public Window of(ShownMessage m) {
    return m.isPrivate() && m.peer() != null ? privateWith(m.peer(), m.room()) : room(m.room());
  }

  public Window find(String name) {
    for (Window w : windows) {
      if (w.name().equals(name)) {
        return w;
      }
    }
    return null;
  }

  public Window current() { return current; }

  public List<Window> all() { return List.copyOf(windows); }

  /** The window's number as Alt+N and /window N know it (1-based), 0 when it is gone. */
  public int number(Window w) { return windows.indexOf(w) + 1; }

  /**
   * Stores {@code line} in {@code w}; in another window it raises that window's activity to
   * {@code level}. True when the line shows on screen now (current window, not scrolled back).
   */
  public boolean add(Window w, Window.Line line, Activity level, int columns) {
    w.add(line);
    if (w != current) {
      w.raise(level, ++tick);
      return false;
    }
    if (w.scrolledBack() > 0) {
      w.keepView(line.rows(columns)); // the view stays where the reader is
      return false;
    }
    return true;
  }

  /** Makes {@code w} current: its activity is read and its view goes to the newest line. */
  public void select(Window w) {
    if (current != null) {
      current.scrollToEnd();
    }
    current = w;
    w.read();
    w.scrollToEnd();
  }

  /** Window {@code number} (1-based) becomes current; false when there is none. */
  public boolean select(int number) {
    if (number < 1 || number > windows.size()) {
      return false;
    }
    select(windows.get(number - 1));
    return true;
  }

  /** Ctrl-N: the next window, after the last the first. */
  public void next() { step(1); }

  /** Ctrl-P: the previous window, before the first the last. */
  public void previous() { step(-1); }

  private void step(int by) {
    if (windows.isEmpty()) {
      return;
    }
    int i = Math.floorMod(windows.indexOf(current) + by, windows.size());
    select(windows.get(i));
  }

  /** Alt+A: the window with the highest level, among those the one unread longest; or null. */
  public Window mostActive() {
    return windows.stream().filter(w -> w.activity() != Activity.NONE)
        .max(Comparator.comparing(Window::activity)
            .thenComparing(Comparator.comparingLong(Window::unreadSince).reversed()))
        .orElse(null);
  }

  /** The answer to a bare {@code /window}: each window's number and name. */
  public String describe() {
    StringBuilder b = new StringBuilder("windows:");
    for (Window w : windows) {
      b.append("\n  ").append(number(w)).append("  ").append(w.name()).append(w == current ? "  (current)" : "");
    }
    return b.toString();
  }

  /** Windows with unread activity, in number order, for the activity line. */
  public List<Window> active() {
    return windows.stream().filter(w -> w.activity() != Activity.NONE).toList();
  }

  /**
   * The rooms we are in now: a window for each new one, and the windows of rooms we left are
   * closed (private windows stay). If the current one closes, the one before it is current.
   */
  public void keepRooms(List<String> rooms) {
    for (String r : rooms) {
      room(r);
    }
    Set<String> keep = new HashSet<>();
    rooms.forEach(r -> keep.add("#" + r));
    for (Window w : List.copyOf(windows)) {
      if (!w.isPrivate() && !keep.contains(w.name())) {
        int i = windows.indexOf(w);
        windows.remove(i);
        if (w == current) {
          current = null;
          if (!windows.isEmpty()) {
            select(windows.get(Math.max(0, i - 1)));
          }
        }
      }
    }
  }

  private Window open(Window w) {
    windows.add(w);
    if (current == null) {
      select(w);
    }
    return w;
  }
}
