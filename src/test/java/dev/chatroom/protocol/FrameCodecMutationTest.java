package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The deterministic complement of {@link FrameCodecFuzzTest}: seeded mutations, fixed counts. */
class FrameCodecMutationTest {
  private static final int ITERATIONS = FuzzBudget.cases(20_000);

  @Test
  void everySeedDecodesOrFailsWithAProtocolError() {
    for (byte[] seed : FuzzSeeds.all("RSA", "ED")) {
      try {
        CodecProperties.decodeIsTotalAndRoundTrips(seed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("seed " + printable(seed), e);
      }
    }
  }

  @Test
  @Timeout(120) // a hang guard, not a speed check: the machine may be heavily loaded
  void mutatedFramesDecodeOrFailWithAProtocolError() {
    FrameMutator mutator = new FrameMutator(20251126L, FuzzSeeds.all("RSA", "ED"), 8192);
    int repeatedKeys = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] input = mutator.next();
      repeatedKeys += CodecProperties.hasRepeatedKey(input) ? 1 : 0;
      try {
        CodecProperties.decodeIsTotalAndRoundTrips(input);
      } catch (AssertionError | RuntimeException | StackOverflowError e) {
        throw new AssertionError("iteration " + i + ", input " + printable(input), e);
      }
    }
    // the duplicate-key half of the property must actually be exercised, not pass vacuously
    // (this seed repeats a key in 82 of the first 5,000 inputs and 389 of 20,000)
    assertTrue(repeatedKeys >= 50, "only " + repeatedKeys + " mutated inputs repeat a key");
  }

  @Test
  @Timeout(120) // a hang guard, not a speed check: the machine may be heavily loaded
  void mutatedStreamsFrameTheSameWhateverTheChunking() {
    FrameMutator mutator = new FrameMutator(7L, FuzzSeeds.all("RSA", "ED"), 512);
    Random random = new Random(11L);
    for (int i = 0; i < ITERATIONS / 4; i++) {
      byte[] stream = FrameMutator.join(mutator.next(), mutator.next(), mutator.next());
      int[] cuts = random.ints(random.nextInt(6), 0, stream.length + 1).sorted().toArray();
      CodecProperties.framerIgnoresChunking(stream, cuts, 1 + random.nextInt(96));
    }
  }

  static String printable(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(x >= 0x20 && x < 0x7f && x != '\\' ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
    }
    return s.toString();
  }
}
