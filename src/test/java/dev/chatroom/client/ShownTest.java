package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShownTest {
  private static final String R = "\uFFFD";

  static Stream<Arguments> hostileText() {
    return Stream.of(
        Arguments.of("\r\u001b[2K\u001b[0malice: hi", R + R + "[2K" + R + "[0malice: hi"),
        Arguments.of("a\u001b]0;pwned\u0007b", "a" + R + "]0;pwned" + R + "b"),
        Arguments.of("\u001b]52;c;ZXZpbA==\u001b\\", R + "]52;c;ZXZpbA==" + R + "\\"),
        Arguments.of("x\u009b2Jy", "x" + R + "2Jy"),
        Arguments.of("\u009d0;title\u009c", R + "0;title" + R),
        Arguments.of("del\u007fete", "del" + R + "ete"),
        Arguments.of("line\nbreak", "line" + R + "break"),
        Arguments.of("tab\there", "tab here"),
        Arguments.of("evil\u202egnp.exe", "evil" + R + "gnp.exe"),
        Arguments.of("\u2066iso\u2069 \u200e\u200f\u061c", R + "iso" + R + " " + R + R + R),
        Arguments.of("lone \ud800 surrogate", "lone " + R + " surrogate"),
        Arguments.of("\u0000\u0001\u001f", R + R + R));
  }

  @ParameterizedTest
  @MethodSource("hostileText")
  void replacesEveryControlWithTheReplacementCharacter(String in, String shown) {
    assertEquals(shown, Shown.text(in));
  }

  @ParameterizedTest
  @ValueSource(strings = {"你好 👍🏽 👨‍👩‍👧 e\u0301", "plain ascii", "", "Ünïcödé – “quotes” €"})
  void leavesOrdinaryTextUntouched(String text) {
    assertSame(text, Shown.text(text)); // not even copied
  }

  @ParameterizedTest
  @MethodSource("everyCodePointBelowA0")
  void nothingBelowSpaceNorC1SurvivesAnywhere(int cp) {
    String in = "a" + new String(Character.toChars(cp)) + "b";
    for (String out : new String[] {Shown.text(in), Shown.lines(in).replace("\n", "")}) {
      assertFalse(out.codePoints().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)), out);
    }
  }

  static IntStream everyCodePointBelowA0() {
    return IntStream.range(0, 0xa0);
  }

  @ParameterizedTest
  @CsvSource({"bad_frame, bad_frame", "nick_taken, nick_taken", "server_full, server_full",
      "nonsense, unknown error", "BAD_FRAME, unknown error", "'', unknown error"})
  void errorCodesOutsideTheProtocolAreUnknown(String code, String shown) {
    assertEquals(shown, Shown.errorCode(code));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r\u001b[2K\u001b[0malice: forged", "alice\u202e", "bad_frame\n"})
  void hostileErrorCodesAreUnknown(String code) {
    assertEquals("unknown error", Shown.errorCode(code));
  }

  @ParameterizedTest
  @CsvSource({"alice, alice", "'al ice', 'al ice'"})
  void nicksWithAGrammarPassAndOthersAreCleaned(String nick, String shown) {
    assertEquals(shown, Shown.nick(nick));
    assertEquals("x" + R + "y", Shown.nick("x\u001by"));
    assertEquals("x" + R + "y", Shown.room("x\u009by"));
  }

  static Stream<Arguments> blocks() {
    return Stream.of(Arguments.of("* ", "a\nb", "* a\n  b"),
        Arguments.of("warning: ", "x\ny\u001b", "warning: x\n         y" + R));
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void blocksKeepOurNewlinesAndIndentUnderTheFirstLine(String prefix, String text, String out) {
    assertEquals(out, Output.block(prefix, text));
  }
}
