package dev.chatroom.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The settings of the relay's limits against hostile clients (issue 10): defaults, sources, bad values. */
class RelayHardeningConfigTest extends LoaderFixture {

  @Test
  void defaultsAreTheProtocolsNumbers() throws Exception {
    RelayConfig c = config("{}");
    assertEquals(64 * 1024, c.preJoinMaxFrameBytes());
    assertEquals(Duration.ofSeconds(10), c.joinTimeout());
    assertEquals(32, c.maxConnectionsPerAddress());
    assertEquals(20.0, c.connectRatePerSecond());
    assertEquals(40, c.connectRateBurst());
    assertEquals(RelayConfig.OUTPUT_BUDGET_AUTO, c.outputBudgetBytes());
    assertEquals(Runtime.getRuntime().maxMemory() / 4, c.effectiveOutputBudgetBytes());
  }

  @Test
  void everySourceSetsThem() throws Exception {
    RelayConfig file = config("""
        {"pre_join_max_frame_bytes": 4096, "join_timeout_seconds": 0.5, "max_connections_per_address": 3,
         "connect_rate_per_second": 2.5, "connect_rate_burst": 7, "output_budget_bytes": 2097152}""");
    assertEquals(4096, file.preJoinMaxFrameBytes());
    assertEquals(Duration.ofMillis(500), file.joinTimeout());
    assertEquals(3, file.maxConnectionsPerAddress());
    assertEquals(2.5, file.connectRatePerSecond());
    assertEquals(7, file.connectRateBurst());
    assertEquals(2097152, file.effectiveOutputBudgetBytes());
    var env = Map.of("CHATROOM_PRE_JOIN_MAX_FRAME_BYTES", "2048", "CHATROOM_JOIN_TIMEOUT_SECONDS", "3",
        "CHATROOM_MAX_CONNECTIONS_PER_ADDRESS", "5", "CHATROOM_CONNECT_RATE_PER_SECOND", "1",
        "CHATROOM_CONNECT_RATE_BURST", "2", "CHATROOM_OUTPUT_BUDGET_BYTES", "1048576");
    RelayConfig fromEnv = load(null, env, new Properties(), new JsonObject()).config();
    assertEquals(2048, fromEnv.preJoinMaxFrameBytes());
    assertEquals(Duration.ofSeconds(3), fromEnv.joinTimeout());
    assertEquals(5, fromEnv.maxConnectionsPerAddress());
    assertEquals(1.0, fromEnv.connectRatePerSecond());
    assertEquals(2, fromEnv.connectRateBurst());
    assertEquals(1048576, fromEnv.outputBudgetBytes());
    RelayConfig fromSys = load(null, Map.of(), props("chatroom.max_connections_per_address", "9"), new JsonObject()).config();
    assertEquals(9, fromSys.maxConnectionsPerAddress());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      {"pre_join_max_frame_bytes": 1023}                                  | pre_join_max_frame_bytes (from FILE) must be a whole number of bytes from 1024 (1 KiB) to max_frame_bytes (1048576), got 1023.
      {"max_frame_bytes": 2048, "pre_join_max_frame_bytes": 4096}         | pre_join_max_frame_bytes (from FILE) must be a whole number of bytes from 1024 (1 KiB) to max_frame_bytes (2048), got 4096.
      {"join_timeout_seconds": 0}                                         | join_timeout_seconds (from FILE) must be a number of seconds greater than 0 (fractions such as 0.5 are fine), got 0.
      {"join_timeout_seconds": "10"}                                      | join_timeout_seconds (from FILE) must be a number of seconds greater than 0 (fractions such as 0.5 are fine), got the text "10".
      {"max_connections_per_address": 0}                                  | max_connections_per_address (from FILE) must be a whole number of at least 1, got 0.
      {"connect_rate_per_second": -1}                                     | connect_rate_per_second (from FILE) must be a number of connections per second greater than 0, got -1.
      {"connect_rate_burst": 0.5}                                         | connect_rate_burst (from FILE) must be a whole number of at least 1, got 0.5.
      {"output_budget_bytes": 1000}                                       | output_budget_bytes (from FILE) must be 0 (a quarter of the maximum heap) or a whole number of bytes of at least 1048576 (1 MiB), got 1000.
      {"output_budget_bytes": -1}                                         | output_budget_bytes (from FILE) must be 0 (a quarter of the maximum heap) or a whole number of bytes of at least 1048576 (1 MiB), got -1.
      """)
  void badValueIsOneSentence(String json, String expected) {
    Path f = file("relay.json", json);
    var e = assertThrows(ConfigException.class, () -> load(f, Map.of(), new Properties(), new JsonObject()));
    assertEquals(expected.replace("FILE", f.toString()), e.getMessage());
  }

  @Test
  void badEnvValueNamesTheVariable() {
    var e = assertThrows(ConfigException.class,
        () -> load(null, Map.of("CHATROOM_JOIN_TIMEOUT_SECONDS", "soon"), new Properties(), new JsonObject()));
    assertEquals("join_timeout_seconds (from environment variable CHATROOM_JOIN_TIMEOUT_SECONDS) must be a number"
        + " of seconds greater than 0 (fractions such as 0.5 are fine), got the text \"soon\".", e.getMessage());
  }
}
