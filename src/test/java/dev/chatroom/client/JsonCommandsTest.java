package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A bot's JSON stdin commands become typed lines, or one sentence when they are wrong. */
class JsonCommandsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"text\":\"hi\"}                           | null | hi",
      "{\"room\":\"ops\",\"text\":\"hi all\"}       | ops  | hi all",
      "{\"room\":\"ops\",\"text\":\"waves\",\"action\":true} | ops | /me waves",
      "{\"to\":\"bob\",\"text\":\"psst\"}           | null | /msg bob psst",
      "{\"command\":\"/join ops\"}                  | null | /join ops",
      "{\"room\":\"ops\",\"command\":\"/part\"}     | ops  | /part",
      "{\"text\":\"/not a command\"}               | null | //not a command",
  })
  void becomesATypedLine(String json, String room, String line) {
    JsonCommands.Typed t = JsonCommands.parse(json);
    assertEquals("null".equals(room) ? null : room, t.room());
    assertEquals(line, t.line());
    assertEquals(Command.parse(line).getClass(), Command.parse(t.line()).getClass());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{not json", "[1,2]", "{}", "{\"text\":\"two\\nlines\"}", "{\"text\":\"  \"}", "{\"text\":5}",
      "{\"room\":\"bad room\",\"text\":\"x\"}", "{\"to\":\"not a nick\",\"text\":\"x\"}",
      "{\"command\":\"join ops\"}", "{\"command\":\"/join ops\",\"text\":\"x\"}", "{\"text\":\"x\",\"action\":\"yes\"}",
  })
  void anythingElseIsOneSentence(String json) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonCommands.parse(json));
    assertEquals(1, e.getMessage().split("\n").length);
  }
}
