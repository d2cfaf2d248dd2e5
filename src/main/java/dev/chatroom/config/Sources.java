package dev.chatroom.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/** Turns each place a setting can come from into the nested JSON shape of conf/relay.json. */
final class Sources {
  static final String ENV_PREFIX = "CHATROOM_";
  static final String SYS_PREFIX = "chatroom.";
  // set by the build for tests that start cluster nodes, and by the CLI for Logback (-v,
  // --log-format); not relay settings
  private static final List<String> NOT_SETTINGS_SYS_PREFIXES = List.of("chatroom.hazelcast.", "chatroom.log.");
  // read by bin/chatroom (the JVM's flags) and by the test suite (a PostgreSQL to test against)
  private static final Set<String> NOT_SETTINGS_ENV = Set.of("CHATROOM_JAVA_OPTS", "CHATROOM_TEST_PG");

  private Sources() {}

  /** {@code CHATROOM_*} variables; unknown ones are reported in {@code warnings}. */
  static JsonObject fromEnv(Map<String, String> env, List<String> warnings) {
    JsonObject json = new JsonObject();
    for (var e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(ENV_PREFIX) || NOT_SETTINGS_ENV.contains(name)) continue;
      var setting = Setting.byEnvName(name);
      if (setting.isPresent()) {
        put(json, setting.get().path, convert(setting.get(), e.getValue()));
      } else {
        String guess = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        warnings.add("Unknown environment variable " + name + " is ignored"
            + Suggestions.closest(guess).map(s -> "; did you mean " + s.envName() + "?").orElse("."));
      }
    }
    return json;
  }

  /** {@code chatroom.*} system properties; unknown ones are reported in {@code warnings}. */
  static JsonObject fromSystemProperties(Properties sys, List<String> warnings) {
    JsonObject json = new JsonObject();
    for (String name : new java.util.TreeSet<>(sys.stringPropertyNames())) {
      if (!name.startsWith(SYS_PREFIX) || NOT_SETTINGS_SYS_PREFIXES.stream().anyMatch(name::startsWith)) continue;
      var setting = Setting.bySysName(name);
      if (setting.isPresent()) {
        put(json, setting.get().path, convert(setting.get(), sys.getProperty(name)));
      } else {
        String guess = name.substring(SYS_PREFIX.length());
        warnings.add("Unknown system property " + name + " is ignored"
            + Suggestions.closest(guess).map(s -> "; did you mean " + s.sysName() + "?").orElse("."));
      }
    }
    return json;
  }

  /**
   * Flags from the CLI, nested like the file; "admin.port" keys are expanded and null values
   * dropped, so the CLI may pass every option whether or not the user gave it.
   */
  static JsonObject fromFlags(JsonObject flags) {
    return flags == null ? new JsonObject() : expandDotted(flags, true);
  }

  /** Rewrites {@code "admin.port": 1} as {@code "admin": {"port": 1}}, so both spellings merge alike. */
  static JsonObject expandDotted(JsonObject source, boolean dropNulls) {
    JsonObject json = new JsonObject();
    for (var e : source) {
      Object value = e.getValue();
      if (value == null && dropNulls) continue;
      if (value instanceof JsonObject nested) {
        JsonObject inner = expandDotted(nested, dropNulls);
        if (inner.isEmpty()) put(json, e.getKey(), inner);
        for (var i : inner) put(json, e.getKey() + "." + i.getKey(), i.getValue());
      } else {
        put(json, e.getKey(), value);
      }
    }
    return json;
  }

  /** Warns about every key of a file or flags object that is not a setting, with a suggestion. */
  static void warnUnknownKeys(JsonObject json, String origin, List<String> warnings) {
    for (var e : json) {
      String key = e.getKey();
      if (Setting.GROUPS.contains(key) && e.getValue() instanceof JsonObject group) {
        for (String inner : group.fieldNames()) warnIfUnknown(key + "." + inner, origin, warnings);
      } else {
        warnIfUnknown(key, origin, warnings);
      }
    }
  }

  private static void warnIfUnknown(String path, String origin, List<String> warnings) {
    if (Setting.byPath(path).isPresent() || Setting.GROUPS.contains(path)) return;
    warnings.add(origin + " has an unknown setting \"" + path + "\", which is ignored"
        + Suggestions.closest(path).map(s -> "; did you mean \"" + s.path + "\"?").orElse("."));
  }

  /** Strings become the JSON type the setting needs; what cannot convert stays a string for the validator to name. */
  static Object convert(Setting setting, String raw) {
    String text = raw.strip();
    return switch (setting.kind) {
      case TEXT -> text;
      case OPTIONAL_TEXT -> text.isEmpty() ? null : text;
      case WHOLE, NUMBER -> number(text);
      case BOOLEAN -> text.equalsIgnoreCase("true") ? Boolean.TRUE
          : text.equalsIgnoreCase("false") ? Boolean.FALSE : text;
      case LIST -> list(text);
    };
  }

  private static Object number(String text) {
    try {
      BigDecimal value = new BigDecimal(text);
      try {
        return value.longValueExact();
      } catch (ArithmeticException notWhole) {
        return value.doubleValue();
      }
    } catch (NumberFormatException e) {
      return text;
    }
  }

  private static JsonArray list(String text) {
    List<String> items = new ArrayList<>();
    for (String item : text.split(",")) {
      if (!item.isBlank()) items.add(item.strip());
    }
    return new JsonArray(new ArrayList<>(items));
  }

  /** Puts {@code value} at a dotted path, creating the enclosing objects. */
  static void put(JsonObject json, String path, Object value) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      json.put(path, value);
      return;
    }
    String head = path.substring(0, dot);
    if (!(json.getValue(head) instanceof JsonObject)) json.put(head, new JsonObject());
    put(json.getJsonObject(head), path.substring(dot + 1), value);
  }

  /** True when {@code json} holds a value (even null) at the dotted path. */
  static boolean contains(JsonObject json, String path) {
    int dot = path.indexOf('.');
    if (dot < 0) return json.containsKey(path);
    return json.getValue(path.substring(0, dot)) instanceof JsonObject inner
        && contains(inner, path.substring(dot + 1));
  }
}
