package dev.chatroom.client;

import dev.chatroom.protocol.ErrorCode;
import dev.chatroom.protocol.Names;

/**
 * The one place text is made safe for a terminal (PROTOCOL.md section 5). Every field that came
 * from the relay or a peer goes through {@link #text} (or {@link #nick}, {@link #room},
 * {@link #errorCode} where there is a grammar), and everything an {@link Output} writes goes
 * through {@link #text} or {@link #lines} once more, so nothing received can move the cursor,
 * rewrite the screen, set the title or clipboard, or reorder text with bidi controls.
 */
public final class Shown {
  /** What replaces each control character. */
  public static final char REPLACEMENT = '\uFFFD';
  static final String UNKNOWN_ERROR = "unknown error";

  private Shown() {}

  /**
   * One line of foreign text: C0 (newlines included), DEL, C1 and bidi overrides and isolates
   * become U+FFFD; a tab becomes a space. Wide and combining characters, emoji and zero-width
   * joiners pass untouched.
   */
  public static String text(String s) {
    return clean(s, false);
  }

  /** Our own multi-line text (notices, tables): as {@link #text} but newlines are kept. */
  public static String lines(String s) {
    return clean(s, true);
  }

  /** A nick as shown: valid nicks as they are; anything else cleaned (the codec refuses those). */
  public static String nick(String s) {
    return Names.isValidNick(s) ? s : text(s);
  }

  /** A room as shown: valid rooms as they are, anything else cleaned. */
  public static String room(String s) {
    return Names.isValidRoom(s) ? s : text(s);
  }

  /** A code of PROTOCOL.md section 6 as it is; any other string is {@code unknown error}. */
  public static String errorCode(String code) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.wire().equals(code)) {
        return code;
      }
    }
    return UNKNOWN_ERROR;
  }

  /** True for a code point that must never reach a terminal as it is. */
  static boolean isControl(int cp) {
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || isBidiControl(cp);
  }

  private static boolean isBidiControl(int cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E
        || cp == 0x200F || cp == 0x061C;
  }

  private static String clean(String s, boolean keepNewlines) {
    if (s == null) {
      return "";
    }
    StringBuilder out = null; // allocated only when something must change: most text is clean
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = Character.charCount(cp);
      String replacement = null;
      if (cp == '\t') {
        replacement = " ";
      } else if (cp == '\n' && keepNewlines) {
        replacement = null;
      } else if (isControl(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
        replacement = String.valueOf(REPLACEMENT); // a lone surrogate too: it cannot be encoded
      }
      if (replacement != null && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(s, i, i + n);
        }
      }
      i += n;
    }
    return out == null ? s : out.toString();
  }
}
