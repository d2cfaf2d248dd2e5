package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With --json every stderr line is one JSON object, from the very first (a new identity's). */
class JsonStartTest extends ClientTestBase {
  /** A child JVM's first words, on two cores shared with other work. */
  private static final long STARTUP_MS = ChatProcess.WAIT_MS * 4;
  @Test
  @Timeout(60)
  void aFreshIdentitysNoticesAreJsonToo() throws Exception {
    ChatProcess bot = ChatProcess.start(port(), "bot", temp.resolve("fresh"), "--json");
    closeables.add(bot);
    bot.awaitErr("joined lobby as bot", 1, STARTUP_MS);
    assertEquals(0, bot.finish());
    ObjectMapper json = new ObjectMapper();
    int created = 0;
    for (String line : bot.err()) {
      JsonNode n = json.readTree(line); // throws on a line that is not JSON
      assertEquals("notice", n.get("level").asText(), line);
      if (n.get("text").asText().startsWith("created a new identity in ")) {
        created++;
      }
    }
    assertEquals(1, created, bot.err().toString());
  }
}
