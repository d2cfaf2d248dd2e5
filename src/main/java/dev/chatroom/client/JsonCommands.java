package dev.chatroom.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatroom.protocol.Names;

/**
 * A bot's stdin line in {@code --json} mode, as a typed line for a room: {@code {"text":...}}
 * (with optional {@code "room"} and {@code "action":true}), {@code {"to":NICK,"text":...}} for a
 * private message, {@code {"command":"/join ops"}} for any command. See docs/CLIENT.md.
 */
final class JsonCommands {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to submit: {@code room} null for the current room. */
  record Typed(String room, String line) {}

  private JsonCommands() {}

  /** The typed line; {@link IllegalArgumentException} with one sentence for anything else. */
  static Typed parse(String json) {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("a stdin line starting with { must be a JSON object (see docs/CLIENT.md)");
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("a stdin line starting with { must be a JSON object (see docs/CLIENT.md)");
    }
    String room = optional(o, "room");
    if (room != null && !Names.isValidRoom(room)) {
      throw new IllegalArgumentException("\"room\" must be 1-64 of A-Z a-z 0-9 _ -");
    }
    String command = optional(o, "command");
    String text = optional(o, "text");
    String to = optional(o, "to");
    if (command != null) {
      if (text != null || to != null || !command.startsWith("/") || oneLine(command) == null) {
        throw new IllegalArgumentException("\"command\" is one line starting with / and goes without \"text\" or \"to\"");
      }
      return new Typed(room, command);
    }
    if (text == null || oneLine(text) == null || text.isBlank()) {
      throw new IllegalArgumentException("a JSON command needs \"text\" (one line, not blank) or \"command\"");
    }
    boolean action = o.has("action") && o.get("action").asBoolean(false);
    if (o.has("action") && !o.get("action").isBoolean()) {
      throw new IllegalArgumentException("\"action\" must be true or false");
    }
    if (to != null) {
      if (!Names.isValidNick(to) || action) {
        throw new IllegalArgumentException("\"to\" must be a nick (1-32 of A-Z a-z 0-9 _ -), without \"action\"");
      }
      return new Typed(room, "/msg " + to + " " + text);
    }
    return new Typed(room, action ? "/me " + text : text.startsWith("/") ? "/" + text : text);
  }

  private static String optional(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a string");
    }
    return v.asText();
  }

  private static String oneLine(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 ? null : s;
  }
}
