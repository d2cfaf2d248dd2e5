package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.Payload;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisplayTest {

  @Test
  void formatsTheThreeKindsOfMessage() {
    assertEquals("alice: hi", Display.format("alice", new Payload("hi", false, false)));
    assertEquals("* alice waves", Display.format("alice", new Payload("waves", true, false)));
    assertEquals("[private] alice: psst", Display.format("alice", new Payload("psst", false, true)));
    assertEquals("[private] * alice winks", Display.format("alice", new Payload("winks", true, true)));
  }

  @Test
  void messageTextIsMadeSafe() {
    assertEquals("alice: a\uFFFD]0;pwned\uFFFDb\uFFFDc",
        Display.format("alice", Payload.text("a\u001b]0;pwned\u0007b\nc")));
  }

  @Test
  void privateOnlyWhenTheMessageNamesOneRecipient() {
    Payload claimed = new Payload("psst", false, true);
    assertTrue(Display.honest(claimed, 1).isPrivate());
    assertFalse(Display.honest(claimed, 2).isPrivate(), "a 'private' message to two is not private");
    assertFalse(Display.honest(Payload.text("hi"), 1).isPrivate(), "a room of two: the payload tells");
  }

  @Test
  void tablesLineUpTheirColumns() {
    assertEquals("a       1   x\nlonger  22  y\nz", Display.table(List.of(
        List.of("a", "1", "x"), List.of("longer", "22", "y"), List.of("z"))));
  }

  @Test
  void mentionsAreWholeNicksInAnyCase() {
    assertTrue(Display.mentions("hey Bob, look", "bob"));
    assertTrue(Display.mentions("bob", "bob"));
    assertFalse(Display.mentions("bobby tables", "bob"));
    assertFalse(Display.mentions("jim-bob", "bob"));
  }

  @Test
  void thePeerOfAPrivateLine() {
    assertEquals("bob", Display.privatePeer("[private] bob: psst"));
    assertEquals("bob", Display.privatePeer("[private] * bob winks"));
    assertEquals("bob", Display.privatePeer("[private to bob] alice: hi"));
    assertEquals(null, Display.privatePeer("bob: [private] x: y"));
    assertEquals(null, Display.privatePeer("[private] not a nick!: y"));
    assertEquals(null, Display.privatePeer("[private to bob"));
  }
}
