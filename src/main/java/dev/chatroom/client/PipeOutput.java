package dev.chatroom.client;

import java.io.PrintStream;

/**
 * Pipe mode: exactly one stdout line per shown message; everything else on stderr. Each line
 * goes through {@link Shown} here once more, whatever the caller did.
 */
public final class PipeOutput implements Output {
  private final PrintStream stdout;
  private final PrintStream stderr;

  public PipeOutput(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public void shown(String line) {
    stdout.println(Shown.text(line));
    stdout.flush(); // a bot reading us waits for each line
  }

  @Override
  public void own(String line) { }

  @Override
  public void notice(String text) { stderr.println(Output.block("* ", text)); }

  @Override
  public void warn(String text) { stderr.println(Output.block("warning: ", text)); }

  @Override
  public void bell() { }
}
