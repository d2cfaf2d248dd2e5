package dev.chatroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code chatroom relay} as a user starts it: bad settings stop it with exit 2 and one sentence. */
@Timeout(60)
class RelayCommandConfigTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "CHATROOM_PORT=seventy | --host=127.0.0.1 | port (from environment variable CHATROOM_PORT) must be",
      "CHATROOM_RATE_PER_SECOND=0 | --port=0 | rate_per_second (from environment variable CHATROOM_RATE_PER_SECOND)",
      "CHATROOM_PORT=7000 | --admin-port=70000 | admin.port (from command-line flags) must be",
      "CHATROOM_TLS_CERT=missing.pem | --port=0 | tls.",
      "CHATROOM_STORE=ftp://relay/db | --port=0 | store (from environment variable CHATROOM_STORE) must be",
      "CHATROOM_CLUSTER_TLS_CA=ca.pem | --cluster | cluster.tls_cert, cluster.tls_key and cluster.tls_ca must be set together",
      "CHATROOM_PORT=0 | --cluster-tls-cert=gone.pem | cluster.tls_cert, cluster.tls_key and cluster.tls_ca must be set together"})
  void badValueExitsTwoWithOneSentence(String env, String flag, String expectedStart) throws Exception {
    String[] pair = env.split("=", 2);
    try (ChatroomProcess relay = new ChatroomProcess(dir, Map.of(pair[0], pair[1]), "relay", flag)) {
      assertEquals(Main.EXIT_USAGE, relay.awaitExit(30));
      List<String> err = relay.stderr();
      assertEquals(1, err.size(), "one sentence, no stack trace: " + err);
      assertTrue(err.get(0).startsWith("chatroom: " + expectedStart), err.get(0));
    }
  }

  @Test
  void aStoreThatIsNotADatabaseStopsTheRelayWithExitTwoAndLeavesTheFileAlone() throws Exception {
    Path notADatabase = dir.resolve("notes.db");
    java.nio.file.Files.writeString(notADatabase, "these are my notes, not a database\n".repeat(100));
    byte[] before = java.nio.file.Files.readAllBytes(notADatabase);
    try (ChatroomProcess relay = new ChatroomProcess(dir, Map.of(), "relay", "--port", "0", "--store", "sqlite:notes.db")) {
      assertEquals(Main.EXIT_USAGE, relay.awaitExit(30));
      List<String> err = relay.stderr().stream().filter(l -> l.startsWith("chatroom: ")).toList();
      assertEquals(1, err.size(), "one sentence: " + relay.stderr());
      assertTrue(err.get(0).contains("notes.db"), "it names the store: " + err.get(0));
    }
    assertTrue(java.util.Arrays.equals(before, java.nio.file.Files.readAllBytes(notADatabase)), "the file is not touched");
  }

  @Test
  void unknownKeyWarnsAndTheRelayStillStartsWithReadableTextLogs() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("CHATROOM_PROT", "7000"));
    try (ChatroomProcess relay = new ChatroomProcess(dir, env, "relay", "--port", "0", "-v")) {
      String listening = relay.awaitLine(l -> l.contains("relay listening on"), 30);
      assertTrue(Pattern.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  RelayNode - relay listening on 127\\.0\\.0\\.1:\\d+",
          listening), listening);
      relay.terminate();
      assertEquals(Main.EXIT_OK, relay.awaitExit(15));
      List<String> warnings = relay.stderr().stream().filter(l -> l.startsWith("chatroom: warning: ")).toList();
      assertEquals(List.of("chatroom: warning: Unknown environment variable CHATROOM_PROT is ignored; "
          + "did you mean CHATROOM_PORT?"), warnings, "and no warning for the CLI's own chatroom.log.* properties");
    }
  }
}
