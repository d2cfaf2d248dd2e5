package dev.chatroom.client;

import dev.chatroom.crypto.Payload;
import dev.chatroom.protocol.Names;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** How messages and tables look; the text in them is made safe by {@link Shown}. */
public final class Display {
  private Display() {}

  /** {@code alice: text}, {@code * alice text}, prefixed {@code [private] } when private. */
  public static String format(String from, Payload p) {
    String text = Shown.text(p.text());
    String who = Shown.nick(from);
    String body = p.action() ? "* " + who + " " + text : who + ": " + text;
    return p.isPrivate() ? "[private] " + body : body;
  }

  /**
   * The payload as it may be labelled: private only when the payload says so and the message
   * names exactly one recipient (us), since a sender could claim "private" to a whole room.
   */
  public static Payload honest(Payload p, int recipients) {
    return p.isPrivate() && recipients != 1 ? new Payload(p.text(), p.action(), false) : p;
  }

  /** Rows of ASCII cells (nicks, rooms, commands) as lines whose columns line up, two spaces apart. */
  public static String table(List<List<String>> rows) {
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    int[] width = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).codePointCount(0, row.get(i).length()));
      }
    }
    StringBuilder b = new StringBuilder();
    for (List<String> row : rows) {
      if (b.length() > 0) {
        b.append('\n');
      }
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(width[i] - cell.codePointCount(0, cell.length()) + 2));
        }
      }
      b.append(line.toString().stripTrailing());
    }
    return b.toString();
  }

  /**
   * The other side of a private line as {@link #format} writes it ({@code [private] bob: hi},
   * {@code [private] * bob waves}) or the client echoes ours ({@code [private to bob] ...});
   * null for any other line. For a core that hands over only formatted lines.
   */
  public static String privatePeer(String line) {
    String nick = null;
    if (line.startsWith("[private to ")) {
      int end = line.indexOf(']');
      nick = end < 0 ? null : line.substring("[private to ".length(), end);
    } else if (line.startsWith("[private] * ")) {
      String rest = line.substring("[private] * ".length());
      nick = rest.split(" ", 2)[0];
    } else if (line.startsWith("[private] ")) {
      int colon = line.indexOf(": ");
      nick = colon < 0 ? null : line.substring("[private] ".length(), colon);
    }
    return nick != null && Names.isValidNick(nick) ? nick : null;
  }

  /** True when {@code text} names {@code nick} as a word (any case). */
  public static boolean mentions(String text, String nick) {
    Pattern word = Pattern.compile("(?<![A-Za-z0-9_-])" + Pattern.quote(nick.toLowerCase(Locale.ROOT))
        + "(?![A-Za-z0-9_-])");
    return word.matcher(text.toLowerCase(Locale.ROOT)).find();
  }
}
