package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The test peer's own checks must not pass for the wrong reason. */
class WireClientTest extends RelayTestBase {

  @Test
  void silentForHoldsOnlyWhileTheConnectionIsOpen() throws Exception {
    startRelay();
    WireClient bob = join("bob");
    assertTrue(bob.silentFor(100));
    bob.send(new Frame.Quit());
    assertThrows(AssertionFailedError.class, () -> bob.silentFor(2000), "a dropped client hears nothing, too");
  }

  @Test
  void silentForFailsOnAFrame() throws Exception {
    startRelay();
    WireClient alice = join("alice");
    join("bob");
    assertThrows(AssertionFailedError.class, () -> alice.silentFor(2000), "bob's joined frame arrives");
  }
}
