package dev.chatroom.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * Pipe mode with {@code --json}: stdout carries one JSON object per shown message (JSON Lines),
 * stderr one object per notice or warning; see docs/CLIENT.md, "JSON mode". Every string goes
 * through {@link Shown} before it is encoded, as in the text modes. Own lines are not echoed.
 */
public final class JsonOutput implements Output {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream stdout;
  private final PrintStream stderr;

  public JsonOutput(PrintStream stdout, PrintStream stderr) {
    this.stdout = stdout;
    this.stderr = stderr;
  }

  @Override
  public void message(ShownMessage m, String line) {
    if (m.own()) {
      return;
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("room", Shown.room(m.room()));
    o.put("from", Shown.nick(m.from()));
    o.put("text", Shown.text(m.text()));
    o.put("action", m.action());
    o.put("private", m.isPrivate());
    if (m.seq() > 0) {
      o.put("seq", m.seq());
    } else {
      o.putNull("seq");
    }
    o.put("sent", m.sent());
    o.put("id", Shown.text(m.id()));
    if (m.catchUp()) {
      o.put("catch_up", true);
    }
    write(stdout, o);
    stdout.flush(); // a bot reading us waits for each line
  }

  /** Only version 1 paths that bypass {@link #message} would come here; shown as bare text. */
  @Override
  public void shown(String line) {
    ObjectNode o = JSON.createObjectNode();
    o.put("text", Shown.text(line));
    write(stdout, o);
    stdout.flush();
  }

  @Override
  public void own(String line) { }

  @Override
  public void notice(String text) { notice(null, text); }

  @Override
  public void warn(String text) { warn(null, text); }

  @Override
  public void notice(String room, String text) { event("notice", room, text); }

  @Override
  public void warn(String room, String text) { event("warn", room, text); }

  @Override
  public void catchUp(String room, int replayed, boolean done) {
    if (done) {
      ObjectNode o = JSON.createObjectNode();
      o.put("level", "notice");
      o.put("room", Shown.room(room));
      o.put("text", "caught up in " + Shown.room(room) + ": " + replayed + " while away");
      o.put("caught_up", replayed);
      write(stderr, o);
    }
  }

  @Override
  public void bell() { }

  private void event(String level, String room, String text) {
    ObjectNode o = JSON.createObjectNode();
    o.put("level", level);
    if (room == null) {
      o.putNull("room");
    } else {
      o.put("room", Shown.room(room));
    }
    o.put("text", Shown.lines(text));
    write(stderr, o);
  }

  private static void write(PrintStream to, ObjectNode o) {
    try {
      to.println(JSON.writeValueAsString(o));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
