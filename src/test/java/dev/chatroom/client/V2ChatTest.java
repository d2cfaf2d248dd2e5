package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Protocol version 2 end to end: real relay in this JVM, real clients in child JVMs. */
class V2ChatTest extends ClientTestBase {

  @Test
  @Timeout(120)
  void versionOneAndTwoClientsShareARoomAndOneRoomStdoutIsByteForByteVersionOnes() throws Exception {
    ChatProcess alice = chat("alice");
    alice.awaitErr("joined lobby as alice");
    ChatProcess bob = chat("bob");
    bob.awaitErr("joined lobby as bob; here: alice");
    ChatProcess carol = chat("carol", V1);
    carol.awaitErr("joined lobby as carol; here: ");
    alice.awaitErr("carol joined");
    bob.awaitErr("carol joined");

    alice.type("héllo 👍🏽", "/me waves", "/msg bob just you");
    bob.awaitOut("alice: héllo 👍🏽", "* alice waves", "[private] alice: just you");
    carol.awaitOut("alice: héllo 👍🏽", "* alice waves");
    carol.type("from version 1");
    alice.awaitOut("carol: from version 1");
    bob.awaitOut("alice: héllo 👍🏽", "* alice waves", "[private] alice: just you", "carol: from version 1");
    assertEquals(0, carol.finish());
    assertEquals(0, alice.finish());
    assertEquals(0, bob.finish());
    String v1Lines = "alice: héllo 👍🏽\n* alice waves\n";
    assertArrayEquals(v1Lines.getBytes(StandardCharsets.UTF_8), carol.rawOut(), "the version 1 contract");
    assertArrayEquals((v1Lines + "[private] alice: just you\ncarol: from version 1\n").getBytes(StandardCharsets.UTF_8),
        bob.rawOut(), "a version 2 client in one room writes exactly what version 1 writes");
  }

  @Test
  @Timeout(150)
  void anAwayMemberReadsItAllOnceAfterARestartAndNothingTwice() throws Exception {
    ChatProcess alice = chat("alice", "--room", "ops");
    alice.awaitErr("joined ops as alice");
    ChatProcess bob = chat("bob", "--room", "ops");
    bob.awaitErr("joined ops as bob; here: alice");
    alice.awaitErr("bob joined");
    assertEquals(0, bob.finish());
    alice.awaitErr("bob is away");
    alice.type("one", "two", "three");
    alice.type("/who");
    alice.awaitErr("away");

    Path bobDir = temp.resolve("bob");
    ChatProcess again = ChatProcess.start(port(), "bob", bobDir);
    closeables.add(again);
    again.awaitOut("alice: one", "alice: two", "alice: three");
    again.awaitErr("caught up in ops: 3 messages while away");
    assertEquals(0, again.finish());
    // seq 1 is alice's sender_key for bob (stored like a message), 2-4 the lines
    assertTrue(Files.readString(bobDir.resolve("seqs")).contains("ops 4"), "the seq was saved");

    alice.type("four");
    ChatProcess third = ChatProcess.start(port(), "bob", bobDir);
    closeables.add(third);
    third.awaitOut("alice: four");
    third.awaitErr("caught up in ops: 1 message while away");
    alice.type("five");
    third.awaitOut("alice: four", "alice: five");
    assertEquals(0, third.finish());
    assertEquals(0, alice.finish());
    assertEquals(List.of(), alice.out());
  }

  @Test
  @Timeout(120)
  void severalRoomsArePrefixedAndJsonIsTheBotContract() throws Exception {
    ChatProcess alice = chat("alice", "--room", "lobby", "--room", "ops");
    alice.awaitErr("joined ops as alice");
    ChatProcess bot = chat("bot", "--room", "ops", "--json");
    bot.awaitErr("\"text\":\"joined ops as bot; here: alice\"");
    alice.awaitErr("* #ops bot joined");

    bot.type("{\"room\":\"ops\",\"text\":\"hello ops\"}", "{\"to\":\"alice\",\"text\":\"psst\"}",
        "{\"text\":\"two\\nlines\"}", "{\"command\":\"/join lobby\"}", "{\"room\":\"lobby\",\"text\":\"in lobby\",\"action\":true}");
    alice.awaitOut("#ops bot: hello ops", "[private] bot: psst", "#lobby * bot in lobby");
    bot.awaitErr("ignored a stdin line: a JSON command needs");
    alice.type("/join ops", "back to you");
    ObjectMapper json = new ObjectMapper();
    long deadline = System.currentTimeMillis() + ChatProcess.WAIT_MS;
    while (bot.out().isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20); // polling the child's stdout: there is no event to wait on
    }
    JsonNode m = json.readTree(bot.out().get(0));
    assertEquals("ops", m.get("room").asText());
    assertEquals("alice", m.get("from").asText());
    assertEquals("back to you", m.get("text").asText());
    assertEquals(false, m.get("action").asBoolean());
    assertEquals(false, m.get("private").asBoolean());
    assertTrue(m.get("seq").asLong() > 0, m.toString());
    assertTrue(m.get("sent").asLong() > 0 && m.get("id").asText().length() == 36, m.toString());
    alice.type("/part lobby", "/rooms");
    alice.awaitErr("left lobby");
    alice.awaitErr("  ops    2  yours, current");
    assertEquals(0, bot.finish());
    assertEquals(0, alice.finish());
    for (String line : bot.err()) {
      json.readTree(line); // every stderr line of a --json client is one JSON object
    }
  }

  @Test
  @Timeout(60)
  void aLineToARoomWithNobodyElseIsStoredForNoOneAndSaysSo() throws Exception {
    ChatProcess alice = chat("alice", "--room", "solo");
    alice.awaitErr("joined solo as alice; nobody else is here");
    alice.type("anyone?");
    alice.awaitErr("you are the only member of solo: sent, and stored for no one");
    assertEquals(0, alice.finish(), String.join("\n", alice.err()));
    assertEquals(0, alice.errCount("not sent"));
  }
}
