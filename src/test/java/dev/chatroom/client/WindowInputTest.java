package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where a typed line goes: a private window never lets plain text reach the room. */
class WindowInputTest {
  private static final Windows WINDOWS = new Windows();
  private static final Window ROOM = WINDOWS.room("lobby");
  private static final Window BOB = WINDOWS.privateWith("bob", "lobby");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "room    | hello          | hello",
      "room    | /me waves      | /me waves",
      "private | hello there    | /msg bob hello there",
      "private | //etc/passwd   | /msg bob /etc/passwd",
      "private | /who           | /who",
      "private | /msg carol hi  | /msg carol hi",
  })
  void linesAreSentToTheWindowsRoomOrPeer(String where, String typed, String sent) {
    WindowInput in = WindowInput.of(where.equals("room") ? ROOM : BOB, typed);
    assertEquals(new WindowInput.Send(sent), in);
  }

  @ParameterizedTest
  @CsvSource({"/window 2,2", "/win 10,10", "  /window   3 ,3"})
  void windowCommandsSwitch(String typed, int number) {
    assertEquals(new WindowInput.Switch(number), WindowInput.of(ROOM, typed));
    assertEquals(new WindowInput.Switch(number), WindowInput.of(BOB, typed));
  }

  @ParameterizedTest
  @CsvSource({"/window x", "/win -1", "/window 99999"})
  void aBadWindowNumberIsRefused(String typed) {
    assertInstanceOf(WindowInput.Refuse.class, WindowInput.of(ROOM, typed));
  }

  @ParameterizedTest
  @CsvSource({"/window", "/win"})
  void aBareWindowCommandLists(String typed) {
    assertEquals(new WindowInput.ListWindows(), WindowInput.of(ROOM, typed));
  }

  @ParameterizedTest
  @CsvSource({"/me winks", "/me  "})
  void anActionInAPrivateWindowIsNotSentToTheRoom(String typed) {
    WindowInput in = WindowInput.of(BOB, typed);
    assertInstanceOf(WindowInput.Refuse.class, in, "an action meant for bob would reach all of lobby");
  }
}
