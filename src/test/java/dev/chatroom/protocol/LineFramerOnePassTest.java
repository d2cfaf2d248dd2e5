package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The framer's one-pass path for whole stored frames (group messages and version 1 messages): it
 * hands on the same frames, in the same order, with the same limit, as the plain framer, and each
 * with the header the codec reads.
 */
class LineFramerOnePassTest {
  private static byte[] groupLine(String token) {
    byte[] b = FrameCodec.encode(new Frame.GroupMessage(FrameCodecV2Test.ID, "lobby", "alice", 1764130000123L,
        FrameCodecV2Test.EPOCH, 3, token, FrameCodecV2Test.SIG));
    return Arrays.copyOf(b, b.length - 1);
  }

  private static final String GROUP = new String(groupLine("gAAAAABl-_x0123456789abcdefABCD"), StandardCharsets.ISO_8859_1);
  private static final String MESSAGE = new String(message(), StandardCharsets.ISO_8859_1);

  private static byte[] message() {
    byte[] b = FrameCodec.encode(new Frame.Message(FrameCodecV2Test.ID, "lobby", "alice", 1764130000123L,
        "gAAAAABl-_x0123456789abcdefABCD", new java.util.TreeMap<>(java.util.Map.of("bob", "a2V5", "carol", "a2V5")),
        FrameCodecV2Test.SIG));
    return Arrays.copyOf(b, b.length - 1);
  }

  private static final int MAX = 1000; // above two group messages run together

  /** Group messages (good, broken, at the limit) and messages among other lines. */
  private static String stream() {
    String atLimit = new String(groupLine("g".repeat(MAX - GROUP.length() + 31 - 1) + "A"), StandardCharsets.ISO_8859_1);
    return GROUP + "\n{\"type\":\"ping\"}\n" + GROUP + "\n" + GROUP.replace("alice", "al ce") + "\n"
        + GROUP + GROUP + "\n\n" + GROUP + " \n" + GROUP.substring(0, 100) + "\n" + atLimit + "\n" + GROUP + "\n"
        + MESSAGE + "\n" + MESSAGE.replace("carol", "Carol") + "\n" + MESSAGE + "\n";
  }

  private record Fed(List<String> frames, List<Boolean> read, int tooLarge) {}

  private static Fed feed(byte[] bytes, List<Integer> cuts, boolean oneWay) {
    List<String> frames = new ArrayList<>();
    List<Boolean> read = new ArrayList<>();
    AtomicInteger tooLarge = new AtomicInteger();
    LineFramer.HeaderSink sink = (line, header) -> {
      assertEquals(FrameCodec.storedHeader(line), header, line.toString());
      frames.add(line.toString(StandardCharsets.ISO_8859_1));
      read.add(true);
    };
    LineFramer framer = new LineFramer(MAX, line -> {
      frames.add(line.toString(StandardCharsets.ISO_8859_1));
      read.add(false);
    }, oneWay ? null : sink, tooLarge::incrementAndGet);
    int from = 0;
    for (int cut : cuts) {
      framer.handle(Buffer.buffer().appendBytes(bytes, from, cut - from));
      from = cut;
    }
    framer.handle(Buffer.buffer().appendBytes(bytes, from, bytes.length - from));
    return new Fed(frames, read, tooLarge.get());
  }

  static IntStream cuts() { return IntStream.rangeClosed(0, stream().length()).filter(i -> i % 7 == 0 || i < 40); }

  @ParameterizedTest
  @MethodSource("cuts")
  void sameFramesAsThePlainFramerWhereverTheStreamIsCut(int cut) {
    byte[] bytes = stream().getBytes(StandardCharsets.ISO_8859_1);
    Fed plain = feed(bytes, List.of(cut), true);
    Fed fast = feed(bytes, List.of(cut), false);
    assertEquals(plain.frames(), fast.frames());
    assertEquals(0, fast.tooLarge());
    assertEquals(13, fast.frames().size());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42})
  void sameFramesInRandomChunksAndWholeOnesAreReadOnce(long seed) {
    byte[] bytes = stream().repeat(5).getBytes(StandardCharsets.ISO_8859_1);
    Fed whole = feed(bytes, List.of(), false);
    // unbroken, whole in one read: the good stored frames (six a stream) never go the plain way
    assertEquals(30, whole.read().stream().filter(r -> r).count());
    Random random = new Random(seed);
    for (int round = 0; round < 20; round++) {
      List<Integer> cuts = new ArrayList<>();
      for (int at = random.nextInt(40); at < bytes.length; at += 1 + random.nextInt(900)) {
        cuts.add(at);
      }
      assertEquals(feed(bytes, cuts, true).frames(), feed(bytes, cuts, false).frames());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 300, 1001, 1100})
  void aGroupMessageOneByteOverTheLimitIsReportedOnceWhereverItIsCut(int cut) {
    String over = new String(groupLine("g".repeat(MAX - GROUP.length() + 31) + "A"), StandardCharsets.ISO_8859_1);
    assertEquals(MAX + 1, over.length());
    byte[] bytes = (GROUP + "\n" + over + "\n" + GROUP + "\n").getBytes(StandardCharsets.ISO_8859_1);
    Fed fast = feed(bytes, List.of(Math.min(cut + GROUP.length() + 1, bytes.length)), false);
    assertEquals(1, fast.tooLarge());
    assertEquals(List.of(GROUP), fast.frames(), "nothing after the oversized frame is delivered");
    assertTrue(fast.read().get(0));
  }
}
