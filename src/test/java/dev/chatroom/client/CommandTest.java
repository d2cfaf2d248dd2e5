package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "hello world        | Say[text=hello world]",
      "//etc/passwd       | Say[text=/etc/passwd]",
      "/me waves   hi     | Me[text=waves   hi]",
      "/msg bob  see you  | Msg[nick=bob, text=see you]",
      "/join ops          | JoinRoom[room=ops]",
      "/rooms             | Rooms[]",
      "/part              | Part[room=null]",
      "/part ops          | Part[room=ops]",
      "/who               | Who[]",
      "/fp                | Fp[nick=null]",
      "/fp bob            | Fp[nick=bob]",
      "/trust bob         | Trust[nick=bob, fingerprint=null]",
      "/trust bob 0123456789ABCDEF | Trust[nick=bob, fingerprint=0123456789abcdef]",
      "/trust bob 0123 4567 89ab cdef 0123 4567 89ab cdef 0123 4567 89ab cdef 0123 4567 89ab cdef"
          + " | Trust[nick=bob, fingerprint=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef]",
      "/quit              | Quit[]",
      "/help              | Help[]",
  })
  void parsesCommands(String line, String expected) {
    assertEquals(expected, Command.parse(line).toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/msg bob           | /msg needs a nick and text: /msg NICK TEXT",
      "/msg b@d hi        | 'b@d' is not a valid nick",
      "/join bad room!    | /join needs a room of 1-64 letters, digits, _ or -: /join ROOM",
      "/trust             | /trust needs a nick: /trust NICK [FINGERPRINT]",
      "/trust bob 0123    | /trust NICK FINGERPRINT needs the 64 hex digits of the fingerprint or its first 16",
      "/trust bob 0123456789abcdeX | /trust NICK FINGERPRINT needs the 64 hex digits of the fingerprint or its first 16",
      "/me                | /me needs text: /me TEXT",
      "/part two rooms    | /part needs a room of 1-64 letters, digits, _ or -: /part [ROOM]",
      "/frobnicate        | unknown command /frobnicate (try /help)",
  })
  void explainsBadCommandsInOneSentence(String line, String problem) {
    assertEquals(problem, assertInstanceOf(Command.Invalid.class, Command.parse(line)).problem());
  }

  @ParameterizedTest
  @CsvSource({"'   '", "''"})
  void blankLinesDoNothing(String line) {
    assertInstanceOf(Command.Empty.class, Command.parse(line));
  }
}
