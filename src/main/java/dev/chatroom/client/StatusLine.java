package dev.chatroom.client;

import java.time.LocalTime;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The activity line above the prompt, as irssi draws it:
 * {@code [12:34] [alice] [1:#lobby] [Act: 2,3*,4!]} (a number alone: messages; {@code *}: a
 * mention of our nick; {@code !}: a private message), {@code [-- more --]} while scrolled back.
 */
public final class StatusLine {
  private static final AttributedStyle FRAME = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);

  private StatusLine() {}

  public static AttributedString render(Windows windows, String nick, LocalTime now, int columns) {
    AttributedStringBuilder b = new AttributedStringBuilder();
    b.style(FRAME).append(String.format("[%02d:%02d] [", now.getHour(), now.getMinute()))
        .style(AttributedStyle.DEFAULT).append(Shown.nick(nick)).style(FRAME).append("]");
    Window current = windows.current();
    if (current != null) {
      b.append(" [").style(AttributedStyle.BOLD).append(windows.number(current) + ":" + current.name())
          .style(FRAME).append("]");
    }
    var active = windows.active();
    if (!active.isEmpty()) {
      b.append(" [Act: ");
      for (int i = 0; i < active.size(); i++) {
        Window w = active.get(i);
        if (i > 0) {
          b.style(FRAME).append(",");
        }
        b.style(style(w.activity())).append(windows.number(w) + w.activity().marker());
      }
      b.style(FRAME).append("]");
    }
    if (current != null && current.scrolledBack() > 0) {
      b.append(" ").style(AttributedStyle.DEFAULT.inverse()).append("-- more --");
    }
    AttributedString line = b.toAttributedString();
    // One row only: a wrapped activity line would push the prompt down a row.
    return line.columnLength() < columns ? line : line.columnSubSequence(0, Math.max(1, columns - 1));
  }

  /** The prompt: the current window's name, so it is always clear where a line goes. */
  public static String prompt(Window w) {
    return (w == null ? "" : w.name()) + "> ";
  }

  private static AttributedStyle style(Activity a) {
    switch (a) {
      case PRIVATE: return AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
      case MENTION: return AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
      default: return AttributedStyle.DEFAULT;
    }
  }
}
