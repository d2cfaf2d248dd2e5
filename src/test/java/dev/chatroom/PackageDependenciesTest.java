package dev.chatroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The relay core stays below what is built on it: the composition root (server) wires relay
 * and ops together, so neither imports the other's dependants and no package cycle comes back.
 */
class PackageDependenciesTest {
  private static final Path MAIN = Path.of("src/main/java/dev/chatroom");
  // an import, or a fully qualified name in code
  private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.chatroom\\.([a-z]+)\\.");

  @ParameterizedTest(name = "{0} does not use {1}")
  @CsvSource({"relay, ops", "relay, server", "relay, cli", "ops, server", "ops, cli", "store, relay", "protocol, relay"})
  void aLowerPackageDoesNotUseAHigherOne(String lower, String higher) throws IOException {
    Path dir = MAIN.resolve(lower);
    assertTrue(Files.isDirectory(dir), dir + " exists (run from the project root)");
    List<String> uses = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = REFERENCE.matcher(Files.readString(file));
        while (m.find()) {
          if (m.group(1).equals(higher)) {
            uses.add(MAIN.relativize(file) + ": " + m.group());
          }
        }
      }
    }
    assertEquals(List.of(), uses);
  }
}
