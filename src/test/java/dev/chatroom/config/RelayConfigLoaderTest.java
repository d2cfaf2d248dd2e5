package dev.chatroom.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RelayConfigLoaderTest extends LoaderFixture {

  @Test
  void emptyFileGivesTheDefaults() throws Exception {
    var loaded = load(null, Map.of(), new Properties(), new JsonObject());
    assertEquals(RelayConfig.defaults(), loaded.config());
    assertEquals(List.of(), loaded.warnings());
  }

  @Test
  void fileOverridesDefaultsAndKeepsTheRest() throws Exception {
    RelayConfig c = config("{\"port\": 9000, \"admin\": {\"port\": 9090}, \"cluster\": {\"members\": [\"a:1\"]}}");
    assertEquals(9000, c.port());
    assertEquals(new RelayConfig.Admin("127.0.0.1", 9090), c.admin());
    assertEquals(List.of("a:1"), c.cluster().members());
    assertEquals(5701, c.cluster().port());
    assertEquals(RelayConfig.defaults().idleTimeout(), c.idleTimeout());
  }

  @Test
  void eachSourceOverridesTheOneBelow() throws Exception {
    Path f = file("relay.json", "{\"port\": 1001, \"rate_burst\": 11, \"bad_frame_limit\": 21, \"max_connections\": 31}");
    var env = Map.of("CHATROOM_RATE_BURST", "12", "CHATROOM_BAD_FRAME_LIMIT", "22", "CHATROOM_MAX_CONNECTIONS", "32");
    var sys = props("chatroom.bad_frame_limit", "23", "chatroom.max_connections", "33");
    var flags = new JsonObject().put("max_connections", 34);
    RelayConfig c = load(f, env, sys, flags).config();
    assertEquals(1001, c.port(), "file over defaults");
    assertEquals(12, c.rateBurst(), "env over file");
    assertEquals(23, c.badFrameLimit(), "system property over env");
    assertEquals(34, c.maxConnections(), "flags over everything");
  }

  @Test
  void flagsMayBeNestedDottedOrNull() throws Exception {
    var flags = new JsonObject().put("admin.port", 9091).put("cluster", new JsonObject().put("enabled", true))
        .put("port", null);
    RelayConfig c = load(file("relay.json", "{\"port\": 4000}"), Map.of(), new Properties(), flags).config();
    assertEquals(9091, c.admin().port());
    assertTrue(c.cluster().enabled());
    assertEquals(4000, c.port(), "a null flag means the flag was not given");
  }

  @Test
  void dottedKeysInTheFileCountAsNested() throws Exception {
    RelayConfig c = config("{\"admin.port\": 9092, \"cluster\": {\"enabled\": true}}");
    assertEquals(9092, c.admin().port());
    assertTrue(c.cluster().enabled());
  }

  @Test
  void envStringsAreConvertedToTheSettingsTypes() throws Exception {
    var env = Map.of(
        "CHATROOM_IDLE_TIMEOUT_SECONDS", "90",
        "CHATROOM_BAD_FRAME_WINDOW_SECONDS", "0.3",
        "CHATROOM_RATE_PER_SECOND", "2.5",
        "CHATROOM_CLUSTER_ENABLED", "TRUE",
        "CHATROOM_CLUSTER_MEMBERS", "10.0.0.1:5701, 10.0.0.2:5702,",
        "CHATROOM_ADMIN_PORT", "9090",
        "CHATROOM_LOG_FORMAT", "json",
        "PATH", "/usr/bin");
    RelayConfig c = load(null, env, new Properties(), new JsonObject()).config();
    assertEquals(Duration.ofSeconds(90), c.idleTimeout());
    assertEquals(Duration.ofMillis(300), c.badFrameWindow());
    assertEquals(2.5, c.ratePerSecond());
    assertTrue(c.cluster().enabled());
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2:5702"), c.cluster().members());
    assertEquals(9090, c.admin().port());
    assertEquals("json", c.logFormat());
  }

  @Test
  void systemPropertiesUseDottedNames() throws Exception {
    var sys = props("chatroom.port", "0", "chatroom.cluster.members", "h:1,k:2", "chatroom.hazelcast.jvm.flags", "-x");
    var loaded = load(null, Map.of(), sys, new JsonObject());
    assertEquals(0, loaded.config().port());
    assertEquals(List.of("h:1", "k:2"), loaded.config().cluster().members());
    assertEquals(List.of(), loaded.warnings(), "the build's own chatroom.hazelcast.* property is not a setting");
  }

  @Test
  void emptyEnvValueUnsetsAnOptionalFile() throws Exception {
    Path f = file("relay.json", "{\"cluster\": {\"config\": \"nowhere.xml\"}}");
    RelayConfig c = load(f, Map.of("CHATROOM_CLUSTER_CONFIG", ""), new Properties(), new JsonObject()).config();
    assertEquals(null, c.cluster().configFile());
  }

  @Test
  void commentsAndTrailingCommasAreAccepted() throws Exception {
    RelayConfig c = config("""
        // line comment
        {
          /* block comment */
          "port": 1234, // trailing comment
          "cluster": {"members": ["a:1", "b:2",],},
        }
        """);
    assertEquals(1234, c.port());
    assertEquals(List.of("a:1", "b:2"), c.cluster().members());
  }

  @Test
  void fractionalSecondsAreAllowed() throws Exception {
    RelayConfig c = config("{\"idle_timeout_seconds\": 0.3, \"bad_frame_window_seconds\": 1.5}");
    assertEquals(Duration.ofMillis(300), c.idleTimeout());
    assertEquals(Duration.ofMillis(1500), c.badFrameWindow());
  }

  @Test
  void missingDefaultFileIsFineAndPresentOneIsRead() throws Exception {
    Path absent = dir.resolve("absent.json");
    var loaded = RelayConfigLoader.load(vertx, null, absent, Map.of(), new Properties(), new JsonObject());
    assertEquals(RelayConfig.defaults(), loaded.config());
    Path present = file("default.json", "{\"port\": 4242}");
    loaded = RelayConfigLoader.load(vertx, null, present, Map.of(), new Properties(), new JsonObject());
    assertEquals(4242, loaded.config().port());
  }

  @Test
  void explicitlyNamedMissingFileIsAnError() {
    Path missing = dir.resolve("nope.json");
    var e = assertThrows(ConfigException.class,
        () -> RelayConfigLoader.load(vertx, missing, Map.of(), new Properties(), new JsonObject()));
    assertEquals("Config file " + missing + " does not exist.", e.getMessage());
  }

  @Test
  void invalidJsonNamesTheFileAndLine() {
    Path f = file("relay.json", "{\n  \"port\": 1,\n  \"port\": 2\n}");
    var e = assertThrows(ConfigException.class, () -> load(f, Map.of(), new Properties(), new JsonObject()));
    assertTrue(e.getMessage().startsWith("Config file " + f + " is not valid JSON at line 3"), e.getMessage());
    assertTrue(e.getMessage().contains("Duplicate field 'port'"), e.getMessage());
  }

  @Test
  void builderStartsFromDefaults() {
    RelayConfig c = RelayConfig.builder().port(0).idleTimeout(Duration.ofMillis(300)).build();
    assertEquals(RelayConfig.defaults().toBuilder().port(0).idleTimeout(Duration.ofMillis(300)).build(), c);
    assertEquals(0, c.port());
    assertEquals(RelayConfig.defaults().host(), c.host());
    assertEquals(7, RelayConfig.defaults().withPort(7).port());
  }

  @Test
  void toJsonRoundTripsThroughTheLoader() throws Exception {
    RelayConfig custom = RelayConfig.builder().port(1).adminPort(2).idleTimeout(Duration.ofMillis(250))
        .cluster(new RelayConfig.Cluster(true, "h", 3, List.of("x:4"), null)).logFormat("json").build();
    assertEquals(custom, config(RelayConfigLoader.toJson(custom).encode()));
  }
}
