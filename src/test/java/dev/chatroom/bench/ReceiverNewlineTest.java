package dev.chatroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generator's eight-at-a-time newline search finds what a byte loop finds. */
class ReceiverNewlineTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void findsEveryNewlineAsAByteLoopDoes(int seed) {
    Random random = new Random(seed);
    for (int round = 0; round < 2_000; round++) {
      byte[] a = new byte[random.nextInt(40)];
      for (int i = 0; i < a.length; i++) {
        // mostly bytes next to '\n' in value (0x09, 0x0b, 0x8a), so the zero-byte trick is tested at its edges
        int pick = random.nextInt(6);
        a[i] = (byte) (pick == 0 ? '\n' : pick == 1 ? 0x0b : pick == 2 ? 0x09 : pick == 3 ? 0x8a : random.nextInt(256));
      }
      int from = a.length == 0 ? 0 : random.nextInt(a.length + 1);
      int end = from + random.nextInt(a.length - from + 1);
      int expected = from;
      while (expected < end && a[expected] != '\n') {
        expected++;
      }
      assertEquals(expected, Receiver.nextNewline(a, from, end));
    }
  }
}
