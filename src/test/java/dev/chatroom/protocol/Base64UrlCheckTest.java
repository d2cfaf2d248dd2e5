package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The table-driven base64url check accepts exactly what the alphabet and padding rules allow. */
class Base64UrlCheckTest {
  private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9_-]*");
  private static final String CHARS = "AZaz09-_=+/ .\"\\\n\u00c1\u00e1\u0141\u0100\u00ff\u0080\u01ad\u4e00";

  /** The rule as PROTOCOL.md states it, written plainly: alphabet, up to two '=', no length 1 mod 4. */
  private static boolean reference(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=' && s.length() - end < 2) {
      end--;
    }
    if (end == 0 || end % 4 == 1 || (end < s.length() && s.length() % 4 != 0)) {
      return false;
    }
    return ALPHABET.matcher(s.substring(0, end)).matches();
  }

  static IntStream seeds() { return IntStream.range(0, 300); }

  @ParameterizedTest
  @MethodSource("seeds")
  void agreesWithThePlainRuleOnRandomText(int seed) {
    Random random = new Random(seed);
    StringBuilder b = new StringBuilder();
    int length = random.nextInt(40);
    for (int i = 0; i < length; i++) {
      // mostly the alphabet, so valid strings are common; now and then any char of CHARS
      b.append(random.nextInt(8) == 0 ? CHARS.charAt(random.nextInt(CHARS.length()))
          : "ABCxyz0189-_".charAt(random.nextInt(12)));
    }
    String s = b.toString();
    assertEquals(reference(s), FrameFields.isBase64Url(s), s);
  }

  /** Chars whose low seven bits are in the alphabet must still be refused. */
  @ParameterizedTest
  @ValueSource(strings = {"QUJD\u00c1", "QUJ\u0141", "\u00e1bcd", "abcd\u0100", "ab\u01adc", "\u0080AAA"})
  void refusesCharsOutsideAscii(String s) {
    assertEquals(false, FrameFields.isBase64Url(s));
  }
}
