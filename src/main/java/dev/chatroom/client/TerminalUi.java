package dev.chatroom.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp;

/**
 * The interactive client: JLine line editing with history and Tab completion of nicks and
 * commands; everything that arrives is printed above the prompt, so a half-typed line is
 * redrawn intact below it.
 */
public final class TerminalUi implements Output {
  private final Terminal terminal;
  private LineReader reader;

  private TerminalUi(Terminal terminal) {
    this.terminal = terminal;
  }

  public static TerminalUi open() throws IOException {
    return new TerminalUi(TerminalBuilder.builder().system(true).build());
  }

  /** Runs until /quit, Ctrl-D or a fatal error; {@code historyFile} null keeps no history file. */
  public int run(ChatClient client, Path historyFile) throws InterruptedException, ExecutionException {
    LineReaderBuilder builder = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("chatroom")
        .completer(completer(client))
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // "!" is text, not history
        .option(LineReader.Option.ERASE_LINE_ON_FINISH, true); // our line comes back formatted
    reader = ChatHistory.install(builder, historyFile).build();
    client.fatal().thenAccept(why -> {
      warn(why);
      reader.getTerminal().raise(Terminal.Signal.INT); // ends the pending readLine
    });
    client.start();
    notice("type /help for commands; Ctrl-D quits");
    try {
      while (!client.fatal().isDone()) {
        String line;
        try {
          line = reader.readLine(client.room() + "> ");
        } catch (UserInterruptException e) {
          continue; // Ctrl-C clears the line, as in a shell
        } catch (EndOfFileException e) {
          break;
        }
        if (!client.submit(line)) {
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
      try {
        reader.getHistory().save();
        terminal.close();
      } catch (IOException ignored) {
        // the history is a convenience
      }
    }
  }

  private static Completer completer(ChatClient client) {
    return (r, parsed, candidates) -> {
      if (parsed.wordIndex() == 0 && parsed.word().startsWith("/")) {
        Command.WORDS.forEach(w -> candidates.add(new Candidate(w)));
        return;
      }
      List<String> nicks = client.roster().nicks();
      for (String n : nicks) {
        // At the start of a line "bob: " addresses bob; elsewhere just the nick.
        boolean first = parsed.wordIndex() == 0;
        candidates.add(new Candidate(first ? n + ":" : n, n, null, null, null, null, true));
      }
    };
  }

  @Override
  public void shown(String line) { print(Shown.text(line), AttributedStyle.DEFAULT); }

  @Override
  public void own(String line) { print(Shown.text(line), AttributedStyle.DEFAULT.faint()); }

  @Override
  public void notice(String text) {
    print(Output.block("* ", text), AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN));
  }

  @Override
  public void warn(String text) {
    print(Output.block("! ", text), AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold());
  }

  @Override
  public void bell() {
    terminal.puts(InfoCmp.Capability.bell);
    terminal.flush();
  }

  private void print(String text, AttributedStyle style) {
    String s = new AttributedStringBuilder().style(style).append(text).toAnsi(terminal);
    if (reader != null && reader.isReading()) {
      reader.printAbove(s);
    } else {
      terminal.writer().println(s);
      terminal.flush();
    }
  }
}
