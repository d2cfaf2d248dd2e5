package dev.chatroom.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp;

/**
 * The interactive client, irssi style: one window per room and per private conversation
 * ({@link Windows}), an activity line above a prompt that names the current window, and the
 * window keys of {@link KeyBindings}. Lines of the current window are printed above the prompt,
 * so a half-typed line is redrawn intact below them; lines of other windows wait in their
 * scrollback and mark the activity line.
 *
 * <p>Every change goes through one queue drained under the line reader's lock (a widget) and
 * then this object's, always in that order, so the event loop, the keys and the typed lines
 * never draw over each other or deadlock.
 */
public final class TerminalUi implements Output, KeyBindings.Keys {
  private static final String DRAIN = "chatroom-drain";

  private final Terminal terminal;
  private final Windows windows = new Windows();
  private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
  private final CatchUpMarks catchUp = new CatchUpMarks();
  private volatile LineReader reader;
  private boolean inReader; // draining inside the reader's lock: print with printAbove
  private boolean redrawn;
  private String shownPrompt; // the prompt the reader has, redrawn only when it changes
  private String nick = "";
  private ChatClient client;

  private TerminalUi(Terminal terminal) {
    this.terminal = terminal;
  }

  public static TerminalUi open() throws IOException {
    return new TerminalUi(TerminalBuilder.builder().system(true).build());
  }

  /** Runs until /quit, Ctrl-D or a fatal error; {@code historyFile} null keeps no history file. */
  public int run(ChatClient client, Path historyFile) throws InterruptedException, ExecutionException {
    this.client = client;
    this.nick = client.nick();
    LineReaderBuilder builder = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("chatroom")
        .completer(Completion.of(client))
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // "!" is text, not history
        .option(LineReader.Option.ERASE_LINE_ON_FINISH, true); // our line comes back formatted
    LineReader r = ChatHistory.install(builder, historyFile).build();
    r.getWidgets().put(DRAIN, () -> drain(true));
    r.getWidgets().put(LineReader.CALLBACK_INIT, () -> { // the activity may have changed meanwhile
      ((LineReaderImpl) r).setPrompt(prompt()); // only that: readLine draws the prompt next
      return true;
    });
    KeyBindings.install(r, terminal, this);
    reader = r;
    act(() -> windows.room(client.room()));
    ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(t -> {
      Thread th = new Thread(t, "chat-clock");
      th.setDaemon(true);
      return th;
    });
    clock.scheduleAtFixedRate(() -> act(() -> { }), 15, 15, TimeUnit.SECONDS); // [12:34] stays right
    client.fatal().thenAccept(why -> {
      warn(why);
      terminal.raise(Terminal.Signal.INT); // ends the pending readLine
    });
    client.start();
    notice("type /help for commands, /window N or Alt+N for windows; Ctrl-D quits");
    try {
      while (!client.fatal().isDone()) {
        String line;
        try {
          line = r.readLine(prompt());
        } catch (UserInterruptException e) {
          continue; // Ctrl-C clears the line, as in a shell
        } catch (EndOfFileException e) {
          break;
        }
        if (!typed(line)) {
          break;
        }
      }
      if (client.fatal().isDone()) {
        client.stop().get();
        return 1;
      }
      if (!client.drain(PipeMode.DRAIN_MS).get()) {
        warn("gave up waiting for the relay");
      }
      return client.stop().get() == 0 ? 0 : 1;
    } finally {
      clock.shutdownNow();
      try {
        r.getHistory().save();
        terminal.close();
      } catch (IOException ignored) {
        // the history is a convenience
      }
    }
  }

  /** One line typed in the current window; false when it was /quit. */
  private boolean typed(String line) throws InterruptedException {
    WindowInput in;
    Window here;
    synchronized (this) {
      here = windows.current();
      in = WindowInput.of(here, line);
    }
    if (in instanceof WindowInput.Send s) {
      if (here != null) {
        focus(here.room());
      }
      return client.submit(s.line());
    }
    if (in instanceof WindowInput.Switch s) {
      act(() -> {
        if (windows.select(s.number())) {
          redraw();
        } else {
          show(windows.current(), new Window.Line("! there is no window " + s.number()
              + " (/window lists them)", Window.Kind.WARN), Activity.NONE);
        }
      });
    } else if (in instanceof WindowInput.ListWindows) {
      act(() -> show(windows.current(), new Window.Line(Output.block("* ", windows.describe()), Window.Kind.NOTICE),
          Activity.NONE));
    } else if (in instanceof WindowInput.Refuse f) {
      warn(f.problem());
    }
    return true;
  }

  /** Tells the core which room plain lines and commands go to. */
  private void focus(String room) {
    client.focus(room);
  }

  // ---- what the core shows

  @Override
  public void message(ShownMessage m, String line) {
    String safe = Shown.text(line);
    act(() -> {
      Window w = windows.of(m);
      message(w, safe, m.own(), Activity.of(m, nick));
    });
  }

  /** A one-room core hands over formatted lines only: a private one goes to the peer's window. */
  @Override
  public void shown(String line) { legacy(Shown.text(line), false); }

  @Override
  public void own(String line) { legacy(Shown.text(line), true); }

  private void legacy(String safe, boolean own) {
    act(() -> {
      String room = client == null ? null : client.room();
      String peer = Display.privatePeer(safe);
      Window w = peer != null ? windows.privateWith(peer, room) : room != null ? windows.room(room)
          : windows.current();
      Activity level = own ? Activity.NONE : peer != null ? Activity.PRIVATE
          : Display.mentions(safe, nick) ? Activity.MENTION : Activity.MESSAGE;
      message(w, safe, own, level);
    });
  }

  private void message(Window w, String safe, boolean own, Activity level) {
    Window.Line line = new Window.Line(safe, own ? Window.Kind.OWN : Window.Kind.MESSAGE);
    show(w, line, level);
    if (own && w != windows.current()) {
      print(line); // what we sent from here shows here too, as irssi does for /msg
    }
  }

  @Override
  public void notice(String text) { notice(null, text); }

  @Override
  public void warn(String text) { warn(null, text); }

  @Override
  public void notice(String room, String text) { inRoom(room, Output.block("* ", text), Window.Kind.NOTICE); }

  @Override
  public void warn(String room, String text) { inRoom(room, Output.block("! ", text), Window.Kind.WARN); }

  private void inRoom(String room, String safe, Window.Kind kind) {
    act(() -> {
      Window w = room == null ? null : windows.find("#" + room);
      Window here = windows.current();
      if (w == null || w == here) {
        show(here, new Window.Line(safe, kind), Activity.NONE);
        return;
      }
      show(w, new Window.Line(safe, kind), Activity.NONE);
      if (kind == Window.Kind.WARN) {
        print(new Window.Line("#" + Shown.room(room) + ": " + safe, kind)); // not to be missed
      }
    });
  }

  /**
   * The core rings right after a mention or a private message in any room (unless
   * {@code --no-bell}): the bell is not tied to the window on screen.
   */
  @Override
  public void bell() {
    act(() -> {
      terminal.puts(InfoCmp.Capability.bell);
      terminal.flush();
    });
  }

  @Override
  public void rooms(List<String> rooms) {
    List<String> copy = List.copyOf(rooms);
    act(() -> {
      Window before = windows.current();
      windows.keepRooms(copy);
      if (windows.current() != before) {
        redraw();
      }
    });
  }

  @Override
  public void catchUp(String room, int replayed, boolean done) {
    act(() -> {
      Window w = windows.room(room);
      for (Window.Line l : catchUp.report(room, replayed, done, height())) {
        show(w, l, Activity.NONE);
      }
    });
  }

  // ---- the keys (on the reader's thread, inside its lock)

  @Override
  public void window(int number) { key(() -> {
    if (windows.select(number)) {
      redraw();
    }
  }); }

  @Override
  public void next() { key(() -> { windows.next(); redraw(); }); }

  @Override
  public void previous() { key(() -> { windows.previous(); redraw(); }); }

  @Override
  public void mostActive() { key(() -> {
    Window w = windows.mostActive();
    if (w != null) {
      windows.select(w);
      redraw();
    }
  }); }

  @Override
  public void page(int direction) { key(() -> {
    Window w = windows.current();
    if (w != null && w.scroll(-direction * Math.max(1, viewRows() - 1), viewRows(), columns())) {
      redraw();
    }
  }); }

  private void key(Runnable r) {
    pending.add(r);
    drain(true);
  }

  // ---- drawing

  /** Queues a change and applies it now: inside the reader's lock when it is reading. */
  private void act(Runnable change) {
    pending.add(change);
    LineReader r = reader;
    if (r != null) {
      try {
        r.callWidget(DRAIN);
        return;
      } catch (IllegalStateException notReading) {
        // between two lines: apply it directly
      }
    }
    drain(false);
  }

  private synchronized boolean drain(boolean underReader) {
    inReader = underReader;
    redrawn = false;
    try {
      for (Runnable r; (r = pending.poll()) != null; ) {
        r.run();
      }
      LineReader r = reader;
      if (underReader && r != null) {
        String p = prompt();
        if (redrawn || !p.equals(shownPrompt)) {
          shownPrompt = p;
          if (r instanceof LineReaderImpl impl) {
            impl.setPrompt(p); // the activity changed while a line is being typed
          }
          r.callWidget(LineReader.REDISPLAY);
        }
      }
    } finally {
      inReader = false;
    }
    return true;
  }


  private void show(Window w, Window.Line line, Activity level) {
    if (w == null) {
      return;
    }
    if (windows.add(w, line, level, columns())) {
      print(line);
    }
  }

  private void print(Window.Line line) {
    String s = new AttributedStringBuilder().style(style(line.kind())).append(line.text()).toAnsi(terminal);
    LineReader r = reader;
    if (inReader && r != null) {
      r.printAbove(s);
    } else {
      terminal.writer().println(s);
      terminal.flush();
    }
  }

  /** The current window from scratch: a cleared screen, its newest lines, the prompt. */
  private void redraw() {
    Window w = windows.current();
    List<Window.Line> view = w == null ? List.of() : w.view(viewRows(), columns());
    StringBuilder text = new StringBuilder();
    for (Window.Line l : view) {
      text.append(text.length() == 0 ? "" : "\n")
          .append(new AttributedStringBuilder().style(style(l.kind())).append(l.text()).toAnsi(terminal));
    }
    terminal.puts(InfoCmp.Capability.clear_screen);
    LineReader r = reader;
    if (inReader && r != null) {
      // As JLine's own clear-screen: from the top, the prompt's rows are erased (the cursor cannot
      // go higher), the lines printed, and the prompt drawn below them.
      if (view.isEmpty()) {
        r.callWidget(LineReader.REDRAW_LINE);
      } else {
        r.printAbove(text.toString());
      }
    } else if (!view.isEmpty()) {
      terminal.writer().println(text);
    }
    terminal.flush();
    if (r != null) {
      // A line typed in a private window is a private message: never in the history file.
      r.setVariable(LineReader.DISABLE_HISTORY, w != null && w.isPrivate());
    }
    redrawn = true;
  }

  private synchronized String prompt() {
    String status = StatusLine.render(windows, nick, LocalTime.now(), columns()).toAnsi(terminal);
    // '%' starts a JLine prompt escape; nothing of ours has one, but keep it literal anyway.
    return (status + "\n" + StatusLine.prompt(windows.current())).replace("%", "%%");
  }

  private int columns() {
    int c = terminal.getWidth();
    return c > 0 ? c : 80;
  }

  private int height() {
    int h = terminal.getHeight();
    return h > 0 ? h : 24;
  }

  /** Rows for window lines: the screen less the activity line and the prompt. */
  private int viewRows() { return Math.max(1, height() - 2); }

  private static AttributedStyle style(Window.Kind kind) {
    switch (kind) {
      case OWN: return AttributedStyle.DEFAULT.faint();
      case NOTICE: return AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
      case WARN: return AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold();
      case MARKER: return AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
      default: return AttributedStyle.DEFAULT;
    }
  }
}
