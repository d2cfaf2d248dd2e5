package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pipe-mode contract, end to end: real relay, real {@code chatroom chat} processes. */
class PipeModeTest extends ClientTestBase {

  @Override
  String[] protocolArgs() { return V1; }

  /** Making an RSA-3072 key on a loaded two-core machine can take longer than other steps. */
  private static final long KEYGEN_WAIT_MS = 90_000;

  @Test
  @Timeout(150)
  void roomPrivateActionJoinAndLeave() throws Exception {
    ChatProcess alice = chat("alice");
    alice.awaitErr("joined lobby as alice");
    ChatProcess bob = chat("bob");
    bob.awaitErr("joined lobby as bob; here: alice");
    alice.awaitErr("bob joined");
    // carol has no --identity: one is created under $XDG_CONFIG_HOME and its fingerprint shown
    Path xdg = temp.resolve("xdg");
    ChatProcess carol = ChatProcess.start("carol", Map.of("XDG_CONFIG_HOME", xdg.toString()),
        "--server", "127.0.0.1:" + port(), "--nick", "carol", "--protocol", "1");
    closeables.add(carol);
    carol.awaitErr("your fingerprint: ", 1, KEYGEN_WAIT_MS);
    carol.awaitErr("joined lobby as carol");
    alice.awaitErr("carol joined");
    bob.awaitErr("carol joined");

    alice.type("héllo 你好 👍🏽 e\u0301", "/me waves", "/msg bob just for you", "done");
    bob.awaitOut("alice: héllo 你好 👍🏽 e\u0301", "* alice waves", "[private] alice: just for you", "alice: done");
    carol.awaitOut("alice: héllo 你好 👍🏽 e\u0301", "* alice waves", "alice: done");

    assertEquals(0, alice.finish());
    assertEquals(List.of(), alice.out(), "a sender's own lines are not echoed on stdout");
    bob.awaitErr("alice left");
    carol.awaitErr("alice left");
    assertTrue(Files.isRegularFile(xdg.resolve("chatroom/carol/rsa.pem")));
    assertEquals(0, bob.finish());
    assertEquals(0, carol.finish());
    assertEquals(4, bob.out().size(), "nothing else on stdout: " + bob.out());
  }

  @Test
  @Timeout(60)
  void switchingRooms() throws Exception {
    ChatProcess alice = chat("alice");
    ChatProcess carol = chat("carol", "--room", "ops");
    alice.awaitErr("joined lobby as alice");
    carol.awaitErr("joined ops as carol");
    ChatProcess bob = chat("bob");
    bob.awaitErr("joined lobby as bob");
    alice.awaitErr("bob joined");

    bob.type("/join ops", "/rooms");
    bob.awaitErr("joined ops as bob; here: carol");
    alice.awaitErr("bob left");
    carol.awaitErr("bob joined");
    bob.awaitErr("    lobby  1");
    bob.awaitErr("    ops    2"); // the columns line up

    carol.type("hi ops");
    bob.awaitOut("carol: hi ops");
    alice.type("anyone?");
    alice.awaitErr("not sent (nobody else is in lobby): anyone?");

    bob.type("/join lobby");
    alice.awaitErr("bob joined", 2);
    alice.type("there you are");
    bob.awaitOut("carol: hi ops", "alice: there you are");
    assertEquals(0, alice.finish());
    assertEquals(0, bob.finish());
    assertEquals(0, carol.finish());
    assertEquals(List.of(), alice.out());
    assertEquals(List.of(), carol.out());
  }

  @Test
  @Timeout(30)
  void refusedNickIsOneSentenceAndExitOne() throws Exception {
    ChatProcess alice = chat("alice");
    alice.awaitErr("joined lobby as alice");
    ChatProcess other = ChatProcess.start(port(), "alice", identity("alice2"), V1);
    closeables.add(other);
    other.awaitErr("nick_taken");
    assertEquals(1, other.finish());
    assertEquals(List.of(), other.out());
    assertEquals(0, alice.finish());
  }
}
