package dev.chatroom.client;

/**
 * What a typed line means in the current window: the window commands are answered here; in a
 * private window plain text goes to the peer alone, never to the room.
 */
public sealed interface WindowInput {
  /** Give {@code line} to the client core (it goes to the current window's room). */
  record Send(String line) implements WindowInput {}

  /** {@code /window N}: make window N current. */
  record Switch(int number) implements WindowInput {}

  /** {@code /window} alone: list the windows. */
  record ListWindows() implements WindowInput {}

  /** Not sent; {@code problem} is one sentence for the user. */
  record Refuse(String problem) implements WindowInput {}

  /** The words this adds to Tab completion. */
  java.util.List<String> WORDS = java.util.List.of("/window", "/win");

  static WindowInput of(Window w, String line) {
    String[] parts = line.strip().split("\\s+", 2);
    if (parts[0].equals("/window") || parts[0].equals("/win")) {
      if (parts.length == 1) {
        return new ListWindows();
      }
      if (!parts[1].matches("[0-9]{1,4}")) {
        return new Refuse(parts[0] + " needs a window number: " + parts[0] + " N");
      }
      return new Switch(Integer.parseInt(parts[1]));
    }
    if (w == null || !w.isPrivate() || line.isBlank()) {
      return new Send(line);
    }
    if (line.startsWith("//")) {
      return new Send("/msg " + w.peer() + " " + line.substring(1));
    }
    if (!line.startsWith("/")) {
      return new Send("/msg " + w.peer() + " " + line);
    }
    if (parts[0].equals("/me")) {
      // Fail closed: an action typed to one person must not reach the whole room.
      return new Refuse("/me would go to all of #" + w.room() + ", not only to " + w.peer()
          + "; type plain text here to write to " + w.peer() + " alone");
    }
    return new Send(line);
  }
}
