package dev.chatroom.client;

import dev.chatroom.protocol.Names;

/** One line the user typed, parsed. Text lines are room messages; {@code /...} are commands. */
public sealed interface Command {

  /** Commands that need the relay go through the outbound queue; the rest run at once. */
  default boolean needsRelay() { return false; }

  record Say(String text) implements Command {
    public boolean needsRelay() { return true; }
  }

  record Me(String text) implements Command {
    public boolean needsRelay() { return true; }
  }

  record Msg(String nick, String text) implements Command {
    public boolean needsRelay() { return true; }
  }

  record JoinRoom(String room) implements Command {
    public boolean needsRelay() { return true; }
  }

  record Rooms() implements Command {
    public boolean needsRelay() { return true; }
  }

  record Who() implements Command {}

  record Fp(String nick) implements Command {}

  record Trust(String nick) implements Command {}

  record Help() implements Command {}

  record Quit() implements Command {}

  /** Nothing to do (a blank line). */
  record Empty() implements Command {}

  /** A line that could not be parsed; {@code problem} is one sentence for the user. */
  record Invalid(String problem) implements Command {}

  String HELP = String.join("\n",
      "TEXT              send TEXT to everyone in the room",
      "/me TEXT          send an action: * you TEXT",
      "/msg NICK TEXT    send TEXT to NICK only",
      "/who              members, short fingerprints and trust state",
      "/join ROOM        move to another room",
      "/rooms            rooms that have members",
      "/fp [NICK]        full fingerprint (yours without NICK)",
      "/trust NICK       accept NICK's current keys after comparing fingerprints out of band",
      "/quit             leave (Ctrl-D too)",
      "//TEXT            send TEXT starting with a single /");

  /** The command words, for Tab completion. */
  java.util.List<String> WORDS = java.util.List.of(
      "/help", "/who", "/msg", "/me", "/join", "/rooms", "/fp", "/trust", "/quit");

  static Command parse(String line) {
    if (line.isBlank()) {
      return new Empty();
    }
    if (line.startsWith("//")) {
      return new Say(line.substring(1));
    }
    if (!line.startsWith("/")) {
      return new Say(line);
    }
    String[] parts = line.strip().split("\\s+", 2);
    String rest = parts.length > 1 ? parts[1] : "";
    switch (parts[0]) {
      case "/help": return new Help();
      case "/who": return new Who();
      case "/rooms": return new Rooms();
      case "/quit": return new Quit();
      case "/me":
        return rest.isEmpty() ? new Invalid("/me needs text: /me TEXT") : new Me(rest);
      case "/msg": {
        String[] nt = rest.split("\\s+", 2);
        if (nt.length < 2 || nt[1].isBlank()) {
          return new Invalid("/msg needs a nick and text: /msg NICK TEXT");
        }
        return Names.isValidNick(nt[0]) ? new Msg(nt[0], nt[1]) : badNick(nt[0]);
      }
      case "/join":
        if (!Names.isValidRoom(rest)) {
          return new Invalid("/join needs a room of 1-64 letters, digits, _ or -: /join ROOM");
        }
        return new JoinRoom(rest);
      case "/fp":
        if (rest.isEmpty()) {
          return new Fp(null);
        }
        return Names.isValidNick(rest) ? new Fp(rest) : badNick(rest);
      case "/trust":
        return Names.isValidNick(rest) ? new Trust(rest) : new Invalid("/trust needs a nick: /trust NICK");
      default:
        return new Invalid("unknown command " + Display.safe(parts[0]) + " (try /help)");
    }
  }

  private static Command badNick(String nick) {
    return new Invalid("'" + Display.safe(nick) + "' is not a valid nick");
  }
}
