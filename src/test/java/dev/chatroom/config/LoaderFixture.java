package dev.chatroom.config;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One Vert.x for the class, a temp dir for config files, and a loader call with no real env. */
abstract class LoaderFixture {
  static Vertx vertx;

  @TempDir Path dir;

  @BeforeAll
  static void startVertx() { vertx = Vertx.vertx(); }

  @AfterAll
  static void stopVertx() { vertx.close().toCompletionStage().toCompletableFuture().join(); }

  Path file(String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RelayConfigLoader.Loaded load(Path file, Map<String, String> env, Properties sys, JsonObject flags)
      throws ConfigException {
    // an absent DEFAULT_FILE would be read from the working dir, so tests always name a file
    return RelayConfigLoader.load(vertx, file != null ? file : file("empty.json", "{}"), env, sys, flags);
  }

  RelayConfig config(String fileJson) throws ConfigException {
    return load(file("relay.json", fileJson), Map.of(), new Properties(), new JsonObject()).config();
  }

  static Properties props(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) p.setProperty(keyValues[i], keyValues[i + 1]);
    return p;
  }
}
