package dev.chatroom.relay;

import dev.chatroom.protocol.FrameMutator;
import dev.chatroom.protocol.FuzzSeeds;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The deterministic complement of {@link RelayFuzzTest}: seeded mutations, a fixed count. */
class RelayMutationTest {
  private static final int ITERATIONS = 10_000;

  @Test
  @Timeout(180) // a hang guard, not a speed check: two test JVMs share the cores with child JVMs
  void relaySurvivesMutatedFramesAndKeepsServingThePair() throws Exception {
    String enc = WireClient.identity().encKey();
    String sig = WireClient.identity().sigKey();
    FrameMutator mutator = new FrameMutator(3L, FuzzSeeds.all(enc, sig), 3 * RelayFuzzHarness.MAX_FRAME_BYTES);
    try (RelayFuzzHarness harness = RelayFuzzHarness.start()) {
      for (int i = 0; i < ITERATIONS; i++) {
        // a third of the inputs are several frames at once, as a client's write may be
        byte[] input = i % 3 == 0 ? FrameMutator.join(mutator.next(), mutator.next(), mutator.next()) : mutator.next();
        harness.check(input);
      }
      harness.checkPairStillChats();
      System.out.printf("relay mutation run: %d welcomes, %d errors, %d connections%n",
          harness.welcomes, harness.errors, harness.reconnects);
      // the run reached the interesting states: joined, refused, and closed by the relay
      assertTrue(harness.welcomes > 10, "welcomes: " + harness.welcomes);
      assertTrue(harness.errors > ITERATIONS / 2, "errors: " + harness.errors);
      assertTrue(harness.reconnects > 10, "reconnects: " + harness.reconnects);
    }
  }
}
