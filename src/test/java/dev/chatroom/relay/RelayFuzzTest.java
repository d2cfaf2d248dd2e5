package dev.chatroom.relay;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jazzer target for the relay (issue #3): random and mutated frames at a live connection.
 * Without {@code JAZZER_FUZZ=1} it replays src/test/resources/dev/chatroom/relay/RelayFuzzTestInputs/;
 * see docs/FUZZING.md.
 */
class RelayFuzzTest {
  private static RelayFuzzHarness harness;

  @BeforeAll
  static void startRelay() throws Exception {
    harness = RelayFuzzHarness.start();
  }

  @AfterAll
  static void stopRelay() throws Exception {
    try {
      harness.checkPairStillChats();
    } finally {
      harness.close();
    }
  }

  @FuzzTest(maxDuration = "60s")
  void relay(byte[] input) throws Exception {
    // Jazzer's SSRF detector flags every socket; reconnecting to our own relay is the point here
    try (SilentCloseable allowed = BugDetectors.allowNetworkConnections((host, port) -> port == harness.port())) {
      harness.check(input);
    }
  }
}
