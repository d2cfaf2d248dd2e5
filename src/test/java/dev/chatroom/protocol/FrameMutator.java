package dev.chatroom.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A small seeded byte mutator (flips, JSON-aware token splices, cuts, crossovers) for the
 * deterministic complement of the Jazzer runs: same seed, same inputs, on every machine.
 */
public final class FrameMutator {
  private static final byte[][] TOKENS = tokens(
      "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u0000", "\\ud800", "\\udfff", "\\n", "\n", "\r",
      "null", "true", "false", "0", "-1", "1.5", "1e999999", "-0", "99999999999999999999999",
      "2147483648", "9223372036854775808", "\"type\":", "\"type\":\"ping\"", "\"version\":1",
      "\"nick\":\"", "\"room\":\"", "\"members\":", "\"rooms\":[", "\"encrypted_keys\":{",
      "\"id\":", "{\"a\":", "[[[[[[[[[[[[[[[[[[", "\"hello\"", "\"message\"", "\"join\"", "\"quit\"");
  private static final byte[][] RAW = {
      {0}, {(byte) 0xff}, {(byte) 0xc3, 0x28}, {(byte) 0xc0, (byte) 0x80},
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80},
      {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, {0x1b}};

  private final Random random;
  private final List<byte[]> seeds;
  private final int maxLength;

  public FrameMutator(long seed, List<byte[]> seeds, int maxLength) {
    this.random = new Random(seed);
    this.seeds = List.copyOf(seeds);
    this.maxLength = maxLength;
  }

  /** A seed with up to four mutations (none in one case of five: valid frames drive state). */
  public byte[] next() {
    byte[] b = pick();
    int rounds = random.nextInt(5);
    for (int i = 0; i < rounds; i++) {
      b = mutate(b);
    }
    return b.length > maxLength ? Arrays.copyOf(b, maxLength) : b;
  }

  /** Frames joined into one stream, each ended by a newline except the last. */
  public static byte[] join(byte[]... frames) {
    byte[] out = new byte[0];
    for (int i = 0; i < frames.length; i++) {
      out = concat(out, frames[i]);
      if (i < frames.length - 1) {
        out = concat(out, new byte[] {'\n'});
      }
    }
    return out;
  }

  private byte[] pick() { return seeds.get(random.nextInt(seeds.size())); }

  private byte[] mutate(byte[] b) {
    int at = b.length == 0 ? 0 : random.nextInt(b.length + 1);
    switch (random.nextInt(8)) {
      case 0: // flip one bit
        if (b.length > 0) {
          b = b.clone();
          int i = Math.min(at, b.length - 1);
          b[i] ^= (byte) (1 << random.nextInt(8));
        }
        return b;
      case 1: return insert(b, at, TOKENS[random.nextInt(TOKENS.length)]);
      case 2: return insert(b, at, RAW[random.nextInt(RAW.length)]);
      case 3: { // delete a range
        int len = random.nextInt(Math.max(1, Math.min(16, b.length - at + 1)));
        return concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, at + len, b.length));
      }
      case 4: { // duplicate a range
        int len = random.nextInt(Math.max(1, Math.min(64, b.length - at + 1)));
        return insert(b, at, Arrays.copyOfRange(b, at, at + len));
      }
      case 5: return Arrays.copyOf(b, at); // truncate
      case 6: { // crossover: our head, another seed's tail
        byte[] other = pick();
        int from = other.length == 0 ? 0 : random.nextInt(other.length);
        return concat(Arrays.copyOf(b, at), Arrays.copyOfRange(other, from, other.length));
      }
      default: { // replace a quoted value with a token
        int q = indexOf(b, (byte) '"', at);
        int end = q < 0 ? -1 : indexOf(b, (byte) '"', q + 1);
        if (end < 0) {
          return insert(b, at, TOKENS[random.nextInt(TOKENS.length)]);
        }
        byte[] token = TOKENS[random.nextInt(TOKENS.length)];
        return concat(concat(Arrays.copyOf(b, q), token), Arrays.copyOfRange(b, end + 1, b.length));
      }
    }
  }

  private static int indexOf(byte[] b, byte v, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] insert(byte[] b, int at, byte[] what) {
    return concat(concat(Arrays.copyOf(b, at), what), Arrays.copyOfRange(b, at, b.length));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[][] tokens(String... t) {
    byte[][] out = new byte[t.length][];
    for (int i = 0; i < t.length; i++) {
      out[i] = t[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }
}
