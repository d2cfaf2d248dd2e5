package dev.chatroom.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One window: a room ({@code #room}) or a private conversation (the peer's nick), with its own
 * bounded scrollback, its unread activity and how far the user has scrolled back in it. Guarded
 * by {@link Windows}, which owns every window.
 */
public final class Window {
  /** Lines a window keeps; older ones fall off, as in irssi's scrollback_lines. */
  public static final int SCROLLBACK = 2_000;

  /** How a line is drawn. */
  public enum Kind { MESSAGE, OWN, NOTICE, WARN, MARKER }

  /** One shown line (or our own multi-line block), already made safe by {@link Shown}. */
  public record Line(String text, Kind kind) {
    /** Terminal rows it takes at {@code columns} wide. */
    public int rows(int columns) {
      int rows = 0;
      for (String part : text.split("\n", -1)) {
        int width = part.codePointCount(0, part.length());
        rows += Math.max(1, (width + columns - 1) / Math.max(1, columns));
      }
      return rows;
    }
  }

  private final String name;
  private final String peer;
  private String room;
  private final Deque<Line> lines = new ArrayDeque<>();
  private Activity activity = Activity.NONE;
  private long unreadSince;
  private int scrolledBack;

  Window(String name, String room, String peer) {
    this.name = name;
    this.room = room;
    this.peer = peer;
  }

  /** {@code #room} or the peer's nick: what the prompt and the window list show. */
  public String name() { return name; }

  /** The room plain lines and commands go to from here (a private window: the peer's room). */
  public String room() { return room; }

  /** The other side of a private window, else null. */
  public String peer() { return peer; }

  public boolean isPrivate() { return peer != null; }

  public Activity activity() { return activity; }

  /** When the oldest unread line arrived (a counter of {@link Windows}); 0 when none. */
  long unreadSince() { return unreadSince; }

  /** Rows scrolled back from the newest line; 0 shows the newest. */
  public int scrolledBack() { return scrolledBack; }

  public int size() { return lines.size(); }

  void room(String room) { this.room = room; }

  void add(Line line) {
    lines.addLast(line);
    if (lines.size() > SCROLLBACK) {
      lines.removeFirst();
    }
  }

  void raise(Activity level, long tick) {
    if (level == Activity.NONE) {
      return;
    }
    if (activity == Activity.NONE) {
      unreadSince = tick;
    }
    activity = activity.max(level);
  }

  void read() {
    activity = Activity.NONE;
    unreadSince = 0;
  }

  /**
   * Scrolls by {@code rows} (positive: back in time) within what {@code height} rows of
   * {@code columns} can show; returns true when the view moved.
   */
  boolean scroll(int rows, int height, int columns) {
    int total = 0;
    for (Line l : lines) {
      total += l.rows(columns);
    }
    int max = Math.max(0, total - height);
    int next = Math.max(0, Math.min(max, scrolledBack + rows));
    boolean moved = next != scrolledBack;
    scrolledBack = next;
    return moved;
  }

  void scrollToEnd() { scrolledBack = 0; }

  /** A line of {@code rows} arrived below a scrolled-back view: the view stays put. */
  void keepView(int rows) { scrolledBack += rows; }

  /**
   * The lines that fill {@code height} rows of {@code columns} ending {@link #scrolledBack}
   * rows before the newest, oldest first. A line cut by the top edge is left out whole.
   */
  public List<Line> view(int height, int columns) {
    List<Line> out = new ArrayList<>();
    int skip = scrolledBack;
    int used = 0;
    var it = lines.descendingIterator();
    while (it.hasNext() && used < height) {
      Line l = it.next();
      int r = l.rows(columns);
      if (skip > 0) {
        skip -= r; // rows below the view; a line straddling the edge is dropped with them
        continue;
      }
      if (used + r > height) {
        break;
      }
      out.add(0, l);
      used += r;
    }
    return out;
  }
}
