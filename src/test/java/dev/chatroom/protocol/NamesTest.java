package dev.chatroom.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written checks agree with PROTOCOL.md's regular expressions on every short input. */
class NamesTest {
  private static final Pattern NICK = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  @Test
  void everySingleCharacterAndLengthBoundaryAgrees() {
    for (char c = 0; c < 0x3000; c++) {
      String one = String.valueOf(c);
      assertEquals(NICK.matcher(one).matches(), Names.isValidNick(one), "char " + (int) c);
      assertEquals(ROOM.matcher(one).matches(), Names.isValidRoom(one), "char " + (int) c);
    }
    for (int n = 0; n <= 70; n++) {
      String s = "a".repeat(n);
      assertEquals(NICK.matcher(s).matches(), Names.isValidNick(s), "length " + n);
      assertEquals(ROOM.matcher(s).matches(), Names.isValidRoom(s), "length " + n);
    }
    assertEquals(false, Names.isValidNick(null));
  }

  @Test
  void uuidCheckAgrees() {
    String good = "0b7e6a8e-4b1c-4c3e-9f00-1234567890AB";
    assertEquals(true, FrameReader.isUuid(good));
    for (int i = 0; i < good.length(); i++) {
      for (char c : new char[] {'-', 'g', '0', 'F', ' '}) {
        String s = good.substring(0, i) + c + good.substring(i + 1);
        assertEquals(UUID.matcher(s).matches(), FrameReader.isUuid(s), s);
      }
    }
    assertEquals(false, FrameReader.isUuid(good + "0"));
    assertEquals(false, FrameReader.isUuid(good.substring(1)));
  }
}
