package dev.chatroom.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a relay config file: JSON that may carry // and /* comments and trailing commas. */
final class ConfigFile {
  // vertx-config's file store rejects comments, and the shipped files explain every key in them
  private static final JsonMapper LENIENT = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private ConfigFile() {}

  /** The file as a JSON object, or null when an optional file is missing. */
  static JsonObject read(Path file, boolean required) throws ConfigException {
    if (!Files.exists(file)) {
      if (required) throw new ConfigException("Config file " + file + " does not exist.");
      return null;
    }
    JsonNode tree;
    try {
      tree = LENIENT.readTree(Files.readAllBytes(file));
    } catch (JacksonException e) {
      throw new ConfigException("Config file " + file + " is not valid JSON" + where(e.getLocation())
          + ": " + firstLine(e.getOriginalMessage()) + ".", e);
    } catch (NoSuchFileException e) {
      throw new ConfigException("Config file " + file + " does not exist.", e);
    } catch (IOException e) {
      throw new ConfigException("Config file " + file + " cannot be read: " + e.getMessage() + ".", e);
    }
    if (tree == null || tree.isMissingNode()) return new JsonObject();
    if (!tree.isObject()) {
      throw new ConfigException("Config file " + file + " must hold a JSON object ({ ... }), not "
          + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".");
    }
    // re-encoded as strict JSON so Vert.x sees only its own JsonObject/JsonArray types
    return new JsonObject(tree.toString());
  }

  private static String firstLine(String message) {
    String line = message == null ? "" : message.lines().findFirst().orElse("").strip();
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) return "";
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
