package dev.chatroom.client;

import dev.chatroom.crypto.Payload;
import java.util.Locale;
import java.util.regex.Pattern;

/** How messages look, and the cleaning that keeps a peer's text from driving our terminal. */
public final class Display {
  private Display() {}

  /** {@code alice: text}, {@code * alice text}, prefixed {@code [private] } when private. */
  public static String format(String from, Payload p) {
    String text = safe(p.text());
    String body = p.action() ? "* " + from + " " + text : from + ": " + text;
    return p.isPrivate() ? "[private] " + body : body;
  }

  /**
   * Replaces control characters (escape sequences, newlines that would break the one-line
   * contract) and bidirectional overrides (which can disguise text) with U+FFFD. Wide and
   * combining characters, emoji and zero-width joiners pass untouched.
   */
  public static String safe(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      if (cp == '\t') {
        out.append(' ');
      } else if (Character.getType(cp) == Character.CONTROL || isBidiControl(cp)) {
        out.append('\uFFFD');
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.toString();
  }

  private static boolean isBidiControl(int cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E
        || cp == 0x200F || cp == 0x061C;
  }

  /** True when {@code text} names {@code nick} as a word (any case). */
  public static boolean mentions(String text, String nick) {
    Pattern word = Pattern.compile("(?<![A-Za-z0-9_-])" + Pattern.quote(nick.toLowerCase(Locale.ROOT))
        + "(?![A-Za-z0-9_-])");
    return word.matcher(text.toLowerCase(Locale.ROOT)).find();
  }
}
