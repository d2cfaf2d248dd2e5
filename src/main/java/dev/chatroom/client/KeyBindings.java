package dev.chatroom.client;

import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.LineReader;
import org.jline.reader.Reference;
import org.jline.reader.Widget;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/**
 * The window keys people's hands know from irssi and WeeChat, bound as widgets in the line
 * editor's main keymap: Alt+1..9 and Alt+0 (window 10), Ctrl-N / Ctrl-P, Alt+A, PgUp / PgDn.
 * A terminal sends Alt+KEY as ESC KEY.
 */
final class KeyBindings {
  /** What the keys do; called on the reader's thread, inside its lock. */
  interface Keys {
    void window(int number);

    void next();

    void previous();

    void mostActive();

    /** {@code -1}: a page back in time (PgUp); {@code 1}: a page forward (PgDn). */
    void page(int direction);
  }

  private KeyBindings() {}

  static void install(LineReader reader, Terminal terminal, Keys keys) {
    KeyMap<Binding> main = reader.getKeyMaps().get(LineReader.MAIN);
    for (int n = 1; n <= 10; n++) {
      int number = n;
      // Replaces emacs' ESC-digit (digit-argument), as irssi does.
      bind(reader, main, "chatroom-window-" + n, () -> keys.window(number),
          KeyMap.alt(Character.forDigit(n % 10, 10)));
    }
    bind(reader, main, "chatroom-next-window", keys::next, KeyMap.ctrl('N'));
    bind(reader, main, "chatroom-previous-window", keys::previous, KeyMap.ctrl('P'));
    bind(reader, main, "chatroom-most-active", keys::mostActive, KeyMap.alt('a'), KeyMap.alt('A'));
    bind(reader, main, "chatroom-page-up", () -> keys.page(-1),
        key(terminal, Capability.key_ppage, "\033[5~"), "\033[5~");
    bind(reader, main, "chatroom-page-down", () -> keys.page(1),
        key(terminal, Capability.key_npage, "\033[6~"), "\033[6~");
  }

  private static void bind(LineReader reader, KeyMap<Binding> map, String name, Runnable action,
                           String... keySequences) {
    Widget w = () -> {
      action.run();
      return true;
    };
    reader.getWidgets().put(name, w);
    for (String k : keySequences) {
      map.bind(new Reference(name), k);
    }
  }

  /** The terminal's own sequence for a key (terminfo), or the usual one when it has none. */
  private static String key(Terminal terminal, Capability cap, String usual) {
    String k = KeyMap.key(terminal, cap);
    return k == null || k.isEmpty() ? usual : k;
  }
}
