package dev.chatroom.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer targets for the codec (issue #2). Without {@code JAZZER_FUZZ=1} they replay the corpus
 * in src/test/resources/dev/chatroom/protocol/FrameCodecFuzzTestInputs/; see docs/FUZZING.md.
 */
class FrameCodecFuzzTest {

  /** Any bytes: a frame or a protocol error, and every frame survives a round trip. */
  @FuzzTest(maxDuration = "30s")
  void decode(byte[] input) {
    CodecProperties.decodeIsTotalAndRoundTrips(input);
  }

  /** Any stream, any chunking, any limit: the framer yields the lines a plain split yields. */
  @FuzzTest(maxDuration = "30s")
  void lineFramer(FuzzedDataProvider data) {
    int max = data.consumeInt(1, 64);
    int[] cuts = new int[data.consumeInt(0, 8)];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = data.consumeInt(0, 256);
    }
    java.util.Arrays.sort(cuts);
    CodecProperties.framerIgnoresChunking(data.consumeRemainingAsBytes(), cuts, max);
  }
}
