package dev.chatroom.crypto.senderkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The body decoder behind the file's integrity check, fed mutated bodies: it loads a state or
 * refuses with BadState, nothing else (no other exception, no unbounded allocation).
 */
class StateCodecMutationTest {
  private static final byte[] BODY = validBody();

  private static byte[] validBody() {
    try {
      SenderKeyState s = SenderKeyState.empty();
      SenderChain c = s.mine().rotate("lobby", Members.CLOCK);
      c.addHolder("bob", Members.peer("bob").fingerprint());
      c.nextMessageKey();
      byte[] ck = new byte[32];
      s.others().add("lobby", "bob", EpochId.random(), "A".repeat(60), ck, 0);
      s.others().open("lobby", "bob", s.others().newestEpoch("lobby", "bob").orElseThrow(),
          "A".repeat(60), 3, mk -> null);
      StateCodec.WipingBuffer out = new StateCodec.WipingBuffer();
      StateCodec.encode(s, out);
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static IntStream seeds() {
    return IntStream.range(0, 400);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void aMutatedBodyLoadsOrIsRefusedCleanly(int seed) {
    Random random = new Random(seed);
    byte[] body = BODY.clone();
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits; i++) {
      switch (random.nextInt(3)) {
        case 0 -> body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        case 1 -> body = Arrays.copyOf(body, random.nextInt(body.length));
        default -> {
          // A count or length field set to something huge.
          int at = random.nextInt(Math.max(1, body.length - 4));
          body[at] = (byte) 0x7f;
        }
      }
      if (body.length == 0) {
        break;
      }
    }
    try {
      StateCodec.decode(body);
    } catch (StateCodec.BadState expected) {
      return;
    } catch (RuntimeException | Error e) {
      fail("decode threw " + e);
    }
  }

  @Test
  void theValidBodyRoundTrips() throws Exception {
    SenderKeyState s = StateCodec.decode(BODY.clone());
    StateCodec.WipingBuffer again = new StateCodec.WipingBuffer();
    StateCodec.encode(s, again);
    assertEquals(Arrays.toString(BODY), Arrays.toString(again.toByteArray()));
  }
}
