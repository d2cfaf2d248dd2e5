package dev.chatroom.client;

import java.io.PrintStream;
import java.util.List;

/**
 * Pipe mode: exactly one stdout line per shown message; everything else on stderr. Each line
 * goes through {@link Shown} here once more, whatever the caller did. In one room the lines are
 * those of version 1; once the client is in several rooms (version 2), each room line starts
 * with {@code #ROOM } (private ones keep their {@code [private] }), and stays so for the run.
 */
public final class PipeOutput implements Output {
  private final PrintStream stdout;
  private final PrintStream stderr;
  private volatile boolean severalRooms;

  public PipeOutput(PrintStream stdout, PrintStream stderr) {
    this(stdout, stderr, false);
  }

  /** {@code severalRooms}: prefix from the start (more than one {@code --room} was given). */
  public PipeOutput(PrintStream stdout, PrintStream stderr, boolean severalRooms) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.severalRooms = severalRooms;
  }

  @Override
  public void shown(String line) {
    stdout.println(Shown.text(line));
    stdout.flush(); // a bot reading us waits for each line
  }

  @Override
  public void own(String line) { }

  @Override
  public void message(ShownMessage m, String line) {
    if (!m.own()) {
      shown(severalRooms && !m.isPrivate() ? "#" + Shown.room(m.room()) + " " + line : line);
    }
  }

  @Override
  public void notice(String text) { stderr.println(Output.block("* ", text)); }

  @Override
  public void warn(String text) { stderr.println(Output.block("warning: ", text)); }

  @Override
  public void notice(String room, String text) {
    stderr.println(Output.block(severalRooms && room != null ? "* #" + Shown.room(room) + " " : "* ", text));
  }

  @Override
  public void warn(String room, String text) {
    stderr.println(Output.block(severalRooms && room != null ? "warning: #" + Shown.room(room) + " " : "warning: ", text));
  }

  @Override
  public void rooms(List<String> rooms) {
    if (rooms.size() > 1) {
      severalRooms = true;
    }
  }

  @Override
  public void catchUp(String room, int replayed, boolean done) {
    if (done && replayed > 0) {
      notice(room, "caught up in " + room + ": " + replayed + (replayed == 1 ? " message" : " messages") + " while away");
    }
  }

  @Override
  public void bell() { }
}
