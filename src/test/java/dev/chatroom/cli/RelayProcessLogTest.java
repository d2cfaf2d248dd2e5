package dev.chatroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The relay's log lines as an operator sees them: {@code log_format} from any source picks the
 * format (the flag still wins), a bad format is a usage error, and a clean start and first join
 * log no warning.
 */
@Timeout(120)
class RelayProcessLogTest {
  private static final Pattern TEXT_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (\\w+) +\\w+ - .*");

  private static Identity identity;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "file         | json", // "log_format": "json" in --config
      "environment  | json", // CHATROOM_LOG_FORMAT=json
      "property     | json", // -Dchatroom.log_format=json
      "file+flag    | text"}) // the file says json, --log-format text wins
  void theLogFormatSettingChangesTheRelaysLinesAndStartAndJoinAreClean(String source, String expected) throws Exception {
    Files.writeString(dir.resolve("relay.json"), "{\"log_format\": \"json\"}", StandardCharsets.UTF_8);
    int adminPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      adminPort = probe.getLocalPort();
    }
    List<String> args = new ArrayList<>(List.of("relay", "--port", "0", "--admin-port", String.valueOf(adminPort)));
    List<String> jvm = new ArrayList<>();
    Map<String, String> env = Map.of();
    switch (source) {
      case "file" -> args.addAll(List.of("--config", "relay.json"));
      case "environment" -> env = Map.of("CHATROOM_LOG_FORMAT", "json");
      case "property" -> jvm.add("-Dchatroom.log_format=json");
      case "file+flag" -> args.addAll(List.of("--config", "relay.json", "--log-format", "text"));
      default -> throw new IllegalArgumentException(source);
    }
    try (ChatroomProcess relay = new ChatroomProcess(dir, env, jvm, args.toArray(String[]::new))) {
      String listening = relay.awaitLine(l -> l.contains("relay listening on"), 45);
      relay.awaitLine(l -> l.contains("admin HTTP on"), 45); // the relay's own meters are bound by now
      int port = Integer.parseInt(listening.replaceAll(".*relay listening on 127\\.0\\.0\\.1:(\\d+).*", "$1"));
      joinOnce(port); // the first message on each event-bus address makes Vert.x register its gauges
      relay.terminate();
      assertEquals(Main.EXIT_OK, relay.awaitExit(30));
      if (expected.equals("json")) {
        JsonObject line = json(listening);
        assertEquals("INFO", line.getString("level"));
        assertTrue(line.getString("formattedMessage").startsWith("relay listening on 127.0.0.1:"), listening);
      } else {
        assertTrue(TEXT_LINE.matcher(listening).matches(), listening);
      }
      for (String line : relay.stderr()) {
        String level = expected.equals("json") ? json(line).getString("level") : textLevel(line);
        // a cold JVM on a loaded machine may block the event loop on the first hello: load, not our meters
        boolean load = line.contains("BlockedThreadChecker");
        assertTrue(load || level.equals("INFO") || level.equals("DEBUG"), "a clean start logs no " + level + ": " + line);
      }
    }
  }

  @Test
  void anUnknownFormatIsOneSentenceAndExitTwo() throws Exception {
    try (ChatroomProcess relay = new ChatroomProcess(dir, Map.of(), "relay", "--port", "0", "--log-format", "xml")) {
      assertEquals(Main.EXIT_USAGE, relay.awaitExit(45));
      assertEquals(List.of("chatroom: log_format (from command-line flags) must be \"text\" or \"json\", "
          + "got the text \"xml\"."), relay.stderr());
    }
  }

  private static void joinOnce(int port) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000); // a cold relay JVM on a loaded machine answers its first hello slowly
      socket.getOutputStream().write(FrameCodec.encodeToString(new Frame.Hello(1, "zed", "lobby",
          identity().encKey(), identity().sigKey())).getBytes(StandardCharsets.UTF_8));
      String welcome = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertTrue(welcome != null && welcome.contains("\"welcome\""), welcome);
    }
  }

  private static synchronized Identity identity() throws Exception {
    if (identity == null) {
      identity = TestIdentities.fresh();
    }
    return identity;
  }

  private static JsonObject json(String line) {
    try {
      return new JsonObject(line);
    } catch (DecodeException e) {
      throw new AssertionError("not a JSON log line: " + line, e);
    }
  }

  private static String textLevel(String line) {
    var m = TEXT_LINE.matcher(line);
    assertTrue(m.matches(), "not a text log line: " + line);
    return m.group(1);
  }
}
