package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties of the version 2 codec over seeded random frames: decode(encode(x)) equals x, the
 * relay's wrap of a stored line decodes to the frame in it, and mutations of version 2 lines
 * decode or fail with a ProtocolException only (the checks of {@link CodecProperties}).
 */
class FrameCodecV2PropertiesTest {
  private static final int FRAMES = FuzzBudget.cases(2_000);
  private static final int MUTATIONS = FuzzBudget.cases(10_000);

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  @Timeout(120) // a hang guard, not a speed check: the machine may be heavily loaded
  void randomVersion2FramesSurviveARoundTrip(long seed) throws ProtocolException {
    V2FrameGenerator frames = new V2FrameGenerator(seed);
    for (int i = 0; i < FRAMES; i++) {
      Frame frame = frames.next();
      byte[] line = FrameCodec.encode(frame);
      Frame again = FrameCodec.decode(line, 0, line.length - 1);
      assertEquals(frame, again, "seed " + seed + " frame " + i);
      CodecProperties.decodeIsTotalAndRoundTrips(Arrays.copyOf(line, line.length - 1));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  @Timeout(120) // a hang guard, not a speed check: the machine may be heavily loaded
  void aWrappedStoredLineDecodesToTheFrameInIt(long seed) throws ProtocolException {
    V2FrameGenerator frames = new V2FrameGenerator(seed);
    for (int i = 0; i < FRAMES; i++) {
      String room = frames.room();
      Frame stored = frames.stored(room);
      byte[] line = FrameCodec.encode(stored);
      Buffer wrapped = Deliveries.wrap(room, i, Buffer.buffer(Arrays.copyOf(line, line.length - 1)));
      assertEquals(new Frame.Delivery(room, i, stored), FrameCodec.decode(wrapped.slice(0, wrapped.length() - 1)));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {21, 22})
  @Timeout(120) // a hang guard, not a speed check: the machine may be heavily loaded
  void mutatedVersion2LinesDecodeOrFailWithAProtocolError(long seed) {
    List<byte[]> seeds = new ArrayList<>();
    V2FrameGenerator frames = new V2FrameGenerator(seed);
    for (int i = 0; i < 200; i++) {
      byte[] line = FrameCodec.encode(frames.next());
      seeds.add(Arrays.copyOf(line, line.length - 1));
    }
    for (String s : FuzzSeeds.v2Hostile()) {
      seeds.add(s.getBytes(StandardCharsets.UTF_8));
    }
    FrameMutator mutator = new FrameMutator(seed, seeds, 8192);
    for (int i = 0; i < MUTATIONS; i++) {
      byte[] input = mutator.next();
      try {
        CodecProperties.decodeIsTotalAndRoundTrips(input);
      } catch (AssertionError | RuntimeException | StackOverflowError e) {
        throw new AssertionError("iteration " + i + ", input " + FrameCodecMutationTest.printable(input), e);
      }
    }
  }
}
