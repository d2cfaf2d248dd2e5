package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineFramerTest {
  private static final String STREAM =
      "{\"type\":\"ping\"}\n{\"type\":\"hello\",\"nick\":\"\u00e9l\u00e8ve\"}\n\n{\"a\":\"\\n\"}\n"
          + "x".repeat(300) + "\n{\"type\":\"quit\"}\n";

  private static List<String> expected() {
    return List.of("{\"type\":\"ping\"}", "{\"type\":\"hello\",\"nick\":\"\u00e9l\u00e8ve\"}", "",
        "{\"a\":\"\\n\"}", "x".repeat(300), "{\"type\":\"quit\"}");
  }

  private static List<String> feed(byte[] bytes, List<Integer> cuts, int max, AtomicInteger tooLarge) {
    List<String> frames = new ArrayList<>();
    LineFramer framer = new LineFramer(max, b -> frames.add(b.toString(StandardCharsets.UTF_8)),
        tooLarge::incrementAndGet);
    int from = 0;
    for (int cut : cuts) {
      framer.handle(Buffer.buffer().appendBytes(bytes, from, cut - from));
      from = cut;
    }
    framer.handle(Buffer.buffer().appendBytes(bytes, from, bytes.length - from));
    return frames;
  }

  @Test
  void sameFramesWhateverSingleSplitPoint() {
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut <= bytes.length; cut++) {
      AtomicInteger tooLarge = new AtomicInteger();
      assertEquals(expected(), feed(bytes, List.of(cut), 1024, tooLarge), "split at " + cut);
      assertEquals(0, tooLarge.get());
    }
  }

  @Test
  void sameFramesOneByteAtATime() {
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    List<Integer> cuts = new ArrayList<>();
    for (int i = 1; i < bytes.length; i++) {
      cuts.add(i);
    }
    assertEquals(expected(), feed(bytes, cuts, 1024, new AtomicInteger()));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234567})
  void sameFramesInRandomChunks(long seed) {
    byte[] bytes = STREAM.repeat(20).getBytes(StandardCharsets.UTF_8);
    Random random = new Random(seed);
    for (int round = 0; round < 50; round++) {
      List<Integer> cuts = new ArrayList<>();
      for (int at = random.nextInt(40); at < bytes.length; at += 1 + random.nextInt(64)) {
        cuts.add(at);
      }
      List<String> frames = feed(bytes, cuts, 1024, new AtomicInteger());
      assertEquals(expected().size() * 20, frames.size());
      for (int i = 0; i < frames.size(); i++) {
        assertEquals(expected().get(i % expected().size()), frames.get(i));
      }
    }
  }

  @Test
  void frameOfExactlyTheLimitPasses() {
    String exact = "y".repeat(100);
    AtomicInteger tooLarge = new AtomicInteger();
    List<String> frames = feed((exact + "\n").getBytes(StandardCharsets.UTF_8), List.of(), 100, tooLarge);
    assertEquals(List.of(exact), frames);
    assertEquals(0, tooLarge.get());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 50, 101, 150})
  void frameOneByteOverTheLimitIsReportedOnceWhereverItIsCut(int cut) {
    byte[] bytes = ("{\"type\":\"ping\"}\n" + "z".repeat(101) + "\n{\"type\":\"ping\"}\n").getBytes(StandardCharsets.UTF_8);
    AtomicInteger tooLarge = new AtomicInteger();
    List<String> frames = feed(bytes, List.of(Math.min(cut, bytes.length)), 100, tooLarge);
    assertEquals(1, tooLarge.get());
    assertEquals(List.of("{\"type\":\"ping\"}"), frames, "nothing after the oversized frame is delivered");
  }

  @Test
  void endlessLineWithoutNewlineIsCaughtEarly() {
    AtomicInteger tooLarge = new AtomicInteger();
    LineFramer framer = new LineFramer(1000, b -> { }, tooLarge::incrementAndGet);
    for (int i = 0; i < 100 && !framer.failed(); i++) {
      framer.handle(Buffer.buffer("w".repeat(64)));
    }
    assertTrue(framer.failed());
    assertEquals(1, tooLarge.get());
    assertFalse(tooLarge.get() > 1);
  }
}
