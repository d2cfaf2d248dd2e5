package dev.chatroom.client;

import dev.chatroom.protocol.Names;
import java.util.List;
import java.util.Locale;

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

  /** {@code /part [ROOM]}: {@code room} null means the current room (version 2). */
  record Part(String room) implements Command {
    public boolean needsRelay() { return true; }
  }

  record Rooms() implements Command {
    public boolean needsRelay() { return true; }
  }

  record Who() implements Command {}

  record Fp(String nick) implements Command {}

  /**
   * {@code /trust NICK FINGERPRINT}: {@code fingerprint} is the 64 hex digits the user compared,
   * or their first 16, lowercase and without spaces; null for a bare {@code /trust NICK}, which
   * only shows the fingerprint to compare.
   */
  record Trust(String nick, String fingerprint) implements Command {}

  record Help() implements Command {}

  record Quit() implements Command {}

  /** Nothing to do (a blank line). */
  record Empty() implements Command {}

  /** A line that could not be parsed; {@code problem} is one sentence for the user. */
  record Invalid(String problem) implements Command {}

  String HELP = Display.table(List.of(
      List.of("TEXT", "send TEXT to everyone in the room"),
      List.of("/me TEXT", "send an action: * you TEXT"),
      List.of("/msg NICK TEXT", "send TEXT to NICK only"),
      List.of("/who", "members, short fingerprints and trust state"),
      List.of("/join ROOM", "join another room (version 1: move there)"),
      List.of("/part [ROOM]", "leave ROOM, or the current room (version 2)"),
      List.of("/rooms", "rooms that have members; yours are marked"),
      List.of("/fp [NICK]", "full fingerprint (yours without NICK)"),
      List.of("/trust NICK", "show NICK's fingerprint, to compare out of band"),
      List.of("/trust NICK FP", "trust NICK's keys if they match FP (all of it, or its first 16 digits)"),
      List.of("/quit", "leave (Ctrl-D too)"),
      List.of("//TEXT", "send TEXT starting with a single /")));

  /** The command words, for Tab completion. */
  List<String> WORDS = List.of(
      "/help", "/who", "/msg", "/me", "/join", "/part", "/rooms", "/fp", "/trust", "/quit");

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
      case "/part":
        if (rest.isEmpty()) {
          return new Part(null);
        }
        return Names.isValidRoom(rest) ? new Part(rest)
            : new Invalid("/part needs a room of 1-64 letters, digits, _ or -: /part [ROOM]");
      case "/fp":
        if (rest.isEmpty()) {
          return new Fp(null);
        }
        return Names.isValidNick(rest) ? new Fp(rest) : badNick(rest);
      case "/trust":
        return trust(rest);
      default:
        return new Invalid("unknown command " + Shown.text(parts[0]) + " (try /help)");
    }
  }

  private static Command trust(String rest) {
    String[] nf = rest.split("\\s+", 2);
    if (!Names.isValidNick(nf[0])) {
      return new Invalid("/trust needs a nick: /trust NICK [FINGERPRINT]");
    }
    if (nf.length < 2 || nf[1].isBlank()) {
      return new Trust(nf[0], null);
    }
    // Pasted grouped ("1a2b 3c4d ...") or plain; either all 64 digits or the first 16.
    String fp = nf[1].replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    if (!fp.matches("[0-9a-f]{16}|[0-9a-f]{64}")) {
      return new Invalid("/trust NICK FINGERPRINT needs the 64 hex digits of the fingerprint or its first 16");
    }
    return new Trust(nf[0], fp);
  }

  private static Command badNick(String nick) {
    return new Invalid("'" + Shown.text(nick) + "' is not a valid nick");
  }
}
