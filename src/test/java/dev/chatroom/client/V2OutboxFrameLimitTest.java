package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A line whose sealed frame would pass the relay's 1 MiB limit (V2Outbox.RELAY_FRAME_LIMIT) is
 * refused by the client with one sentence: never sent (the relay would close the connection),
 * never kept in the outbox (a resend after each reconnect would loop), and the next line goes.
 * Real clients in child JVMs, a real relay in this one.
 */
class V2OutboxFrameLimitTest extends ClientTestBase {
  private static final String REFUSED = "over the relay's 1 MiB frame limit";

  @Test
  @Timeout(150)
  void aLineTooLargeToSendIsRefusedHereAndTheClientKeepsWorking() throws Exception {
    ChatProcess alice = chat("alice");
    alice.awaitErr("joined lobby as alice");
    ChatProcess bob = chat("bob");
    bob.awaitErr("joined lobby as bob; here: alice");
    alice.awaitErr("bob joined");

    alice.type("x".repeat(900_000), "after"); // sealed: over 1.2 MB
    alice.awaitErr(REFUSED);
    bob.awaitOut("alice: after");
    assertEquals(1, alice.errCount(REFUSED));
    assertEquals(0, alice.errCount("frame_too_large"), "the relay never saw it");
    assertEquals(0, alice.errCount("frames may be at most"), "the relay never saw it");
    assertEquals(0, alice.finish());

    // nothing was queued: alice's next start resends nothing before her new line
    Path aliceDir = temp.resolve("alice");
    ChatProcess again = ChatProcess.start(port(), "alice", aliceDir);
    closeables.add(again);
    again.awaitErr("joined lobby as alice");
    again.type("again");
    bob.awaitOut("alice: after", "alice: again");
    assertEquals(0, again.finish());
    assertEquals(0, bob.finish());
    assertEquals(List.of("alice: after", "alice: again"), bob.out());
    assertEquals(0, again.errCount(REFUSED));
  }
}
