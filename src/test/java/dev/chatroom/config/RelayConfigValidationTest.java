package dev.chatroom.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RelayConfigValidationTest extends LoaderFixture {
  // the test files are named relay.json in a temp dir; "FILE" stands for that path in the expectations

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      {"port": 70000}                     | port (from FILE) must be a whole number from 0 to 65535 (0 picks a free port), got 70000.
      {"port": -1}                        | port (from FILE) must be a whole number from 0 to 65535 (0 picks a free port), got -1.
      {"port": "7878"}                    | port (from FILE) must be a whole number from 0 to 65535 (0 picks a free port), got the text "7878".
      {"port": 80.5}                      | port (from FILE) must be a whole number from 0 to 65535 (0 picks a free port), got 80.5.
      {"host": ""}                        | host (from FILE) must be a host name or IP address to listen on, got the text "".
      {"max_frame_bytes": 1023}           | max_frame_bytes (from FILE) must be a whole number of bytes from 1024 (1 KiB) to 67108864 (64 MiB), got 1023.
      {"max_frame_bytes": 67108865}       | max_frame_bytes (from FILE) must be a whole number of bytes from 1024 (1 KiB) to 67108864 (64 MiB), got 67108865.
      {"max_connections": 0}              | max_connections (from FILE) must be a whole number of at least 1, got 0.
      {"max_connections": 1e12}           | max_connections (from FILE) must be a whole number of at least 1, got 1000000000000.
      {"rate_per_second": 0}              | rate_per_second (from FILE) must be a number of frames per second greater than 0, got 0.
      {"rate_burst": 0}                   | rate_burst (from FILE) must be a whole number of at least 1, got 0.
      {"bad_frame_limit": 0}              | bad_frame_limit (from FILE) must be a whole number of at least 1, got 0.
      {"bad_frame_window_seconds": 0}     | bad_frame_window_seconds (from FILE) must be a number of seconds greater than 0 (fractions such as 0.5 are fine), got 0.
      {"idle_timeout_seconds": -0.5}      | idle_timeout_seconds (from FILE) must be a number of seconds greater than 0 (fractions such as 0.5 are fine), got -0.5.
      {"idle_timeout_seconds": true}      | idle_timeout_seconds (from FILE) must be a number of seconds greater than 0 (fractions such as 0.5 are fine), got true.
      {"max_write_queue_bytes": 65535}    | max_write_queue_bytes (from FILE) must be a whole number of bytes of at least 65536 (64 KiB), got 65535.
      {"tls": "on"}                       | tls (from FILE) must be an object such as { ... }, got the text "on".
      {"tls": {"cert": "c.pem"}}          | tls.cert and tls.key must be set together, but only tls.cert is set (from FILE), so tls.key is missing.
      {"tls": {"key": "k.pem"}}           | tls.cert and tls.key must be set together, but only tls.key is set (from FILE), so tls.cert is missing.
      {"tls": {"cert": "no.pem", "key": "no.key"}} | tls.cert (from FILE) must name a readable file, but "no.pem" does not exist or cannot be read.
      {"tls": {"cert": 5, "key": "k"}}    | tls.cert (from FILE) must be a file path or null, got 5.
      {"admin": {"port": -2}}             | admin.port (from FILE) must be a whole number from -1 to 65535 (0 or -1 turns it off), got -2.
      {"admin": {"port": 65536}}          | admin.port (from FILE) must be a whole number from -1 to 65535 (0 or -1 turns it off), got 65536.
      {"cluster": {"enabled": "yes"}}     | cluster.enabled (from FILE) must be true or false, got the text "yes".
      {"cluster": {"port": 0}}            | cluster.port (from FILE) must be a whole number from 1 to 65535, got 0.
      {"cluster": {"members": "a:1"}}     | cluster.members (from FILE) must be a list of "host:port" entries, got the text "a:1".
      {"cluster": {"members": ["a:1", "b"]}}     | cluster.members (from FILE) must be a list of "host:port" entries with ports from 1 to 65535, got the text "b".
      {"cluster": {"members": ["a:99999"]}}      | cluster.members (from FILE) must be a list of "host:port" entries with ports from 1 to 65535, got the text "a:99999".
      {"cluster": {"members": [":5701"]}}        | cluster.members (from FILE) must be a list of "host:port" entries with ports from 1 to 65535, got the text ":5701".
      {"cluster": {"members": [5701]}}           | cluster.members (from FILE) must be a list of "host:port" entries with ports from 1 to 65535, got 5701.
      {"cluster": {"config": "missing.xml"}}     | cluster.config (from FILE) must name a readable file, but "missing.xml" does not exist or cannot be read.
      {"log_format": "xml"}               | log_format (from FILE) must be "text" or "json", got the text "xml".
      [1, 2]                              | Config file FILE must hold a JSON object ({ ... }), not array.
      """)
  void badFileValueIsOneSentence(String json, String expected) {
    Path f = file("relay.json", json);
    var e = assertThrows(ConfigException.class, () -> load(f, Map.of(), new Properties(), new JsonObject()));
    assertEquals(expected.replace("FILE", f.toString()), e.getMessage());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', textBlock = """
      CHATROOM_PORT                 | abc   | port (from environment variable CHATROOM_PORT) must be a whole number from 0 to 65535 (0 picks a free port), got the text "abc".
      CHATROOM_PORT                 | 90000 | port (from environment variable CHATROOM_PORT) must be a whole number from 0 to 65535 (0 picks a free port), got 90000.
      CHATROOM_IDLE_TIMEOUT_SECONDS | 0     | idle_timeout_seconds (from environment variable CHATROOM_IDLE_TIMEOUT_SECONDS) must be a number of seconds greater than 0 (fractions such as 0.5 are fine), got 0.
      CHATROOM_CLUSTER_ENABLED      | yes   | cluster.enabled (from environment variable CHATROOM_CLUSTER_ENABLED) must be true or false, got the text "yes".
      CHATROOM_CLUSTER_MEMBERS      | a:1;b:2 | cluster.members (from environment variable CHATROOM_CLUSTER_MEMBERS) must be a list of "host:port" entries with ports from 1 to 65535, got the text "a:1;b:2".
      CHATROOM_TLS_CERT             | c.pem | tls.cert and tls.key must be set together, but only tls.cert is set (from environment variable CHATROOM_TLS_CERT), so tls.key is missing.
      """)
  void badEnvValueNamesTheVariable(String name, String value, String expected) {
    var e = assertThrows(ConfigException.class, () -> load(null, Map.of(name, value), new Properties(), new JsonObject()));
    assertEquals(expected, e.getMessage());
  }

  @Test
  void badSystemPropertyAndFlagNameTheirSource() {
    var e = assertThrows(ConfigException.class,
        () -> load(null, Map.of("CHATROOM_PORT", "1"), props("chatroom.port", "x"), new JsonObject()));
    assertEquals("port (from system property chatroom.port) must be a whole number from 0 to 65535"
        + " (0 picks a free port), got the text \"x\".", e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> load(null, Map.of(), props("chatroom.port", "1"), new JsonObject().put("port", "1")));
    assertEquals("port (from command-line flags) must be a whole number from 0 to 65535"
        + " (0 picks a free port), got the text \"1\".", e.getMessage());
  }

  @Test
  void readableTlsFilesAreAccepted() throws Exception {
    Path cert = Files.writeString(dir.resolve("relay.crt"), "-----BEGIN CERTIFICATE-----\n");
    Path key = Files.writeString(dir.resolve("relay.key"), "-----BEGIN PRIVATE KEY-----\n");
    var env = Map.of("CHATROOM_TLS_CERT", cert.toString(), "CHATROOM_TLS_KEY", key.toString());
    RelayConfig c = load(null, env, new Properties(), new JsonObject()).config();
    assertEquals(new RelayConfig.Tls(cert.toString(), key.toString()), c.tls());
  }
}
