package dev.chatroom.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * The XDG base directories: the variable if it is an absolute path, else under {@code $HOME},
 * and only without a usable {@code $HOME} under Java's {@code user.home} (which comes from the
 * password database, not from the environment the user set).
 */
final class XdgDirs {
  private XdgDirs() {}

  /** {@code $XDG_CONFIG_HOME}, else {@code $HOME/.config}. */
  static Path config(Map<String, String> env) {
    return base(env, "XDG_CONFIG_HOME", ".config");
  }

  private static Path base(Map<String, String> env, String variable, String underHome) {
    Path xdg = absolute(env.get(variable));
    if (xdg != null) {
      return xdg;
    }
    Path home = absolute(env.get("HOME"));
    return (home != null ? home : Path.of(System.getProperty("user.home"))).resolve(underHome);
  }

  // The spec says relative values are invalid and must be ignored.
  private static Path absolute(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Path p = Path.of(value);
    return p.isAbsolute() ? p : null;
  }
}
