package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageSealer;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.ReplayStore;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.protocol.Frame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PROTOCOL.md section 5: a bare message signed long ago is a replay, and the ids already shown
 * stay refused after the client restarts (a version 1 relay, or anyone on its path, can record
 * and resend frames). Real relay, real client in a child JVM, started twice on one identity.
 */
class ReplayAcrossRestartTest extends ClientTestBase {

  @Override
  String[] protocolArgs() { return V1; }

  @Test
  @Timeout(90)
  void oldMessagesAndReplaysAfterARestartAreDropped() throws Exception {
    ChatProcess bob = chat("bob");
    bob.awaitErr("joined lobby as bob");
    RawPeer mallory = raw("mallory", "lobby", TestIdentities.fresh());
    bob.awaitErr("mallory joined");

    Frame.Message first = mallory.seal("first", "bob");
    mallory.send(first);
    MessageSealer threeDaysAgo = new MessageSealer(Clock.offset(Clock.systemUTC(), Duration.ofDays(-3)));
    mallory.send(mallory.seal(threeDaysAgo, Payload.text("signed three days ago"), "bob"));
    mallory.send(mallory.seal("second", "bob"));
    bob.awaitOut("mallory: first", "mallory: second");
    bob.awaitErr("dropped a message from mallory: dated more than 10 minutes ago");
    assertEquals(0, bob.finish());
    Path dir = temp.resolve("bob");
    assertTrue(Files.size(dir.resolve(ReplayStore.FILE)) > 0, "the ids were saved at exit");

    ChatProcess again = ChatProcess.start(port(), "bob", dir, V1);
    closeables.add(again);
    again.awaitErr("joined lobby as bob");
    mallory.awaitJoined("bob");
    mallory.send(first); // recorded before the restart, resent byte for byte
    mallory.send(mallory.seal("third", "bob"));
    again.awaitOut("mallory: third");
    again.awaitErr("dropped a message from mallory: replayed");
    assertEquals(0, again.finish());
    assertEquals(List.of("mallory: third"), again.out());
    assertEquals(0, again.errCount("THE KEYS OF"), "mallory's pin survived the restart too");
  }

  @Test
  @Timeout(90)
  void idsShownJustBeforeASigtermAreKept() throws Exception {
    ChatProcess bob = chat("bob");
    bob.awaitErr("joined lobby as bob");
    RawPeer mallory = raw("mallory", "lobby", TestIdentities.fresh());
    bob.awaitErr("mallory joined");
    Frame.Message first = mallory.seal("first", "bob");
    mallory.send(first);
    bob.awaitOut("mallory: first");
    bob.terminate(); // within the save batch: the shutdown hook must write it

    ChatProcess again = ChatProcess.start(port(), "bob", temp.resolve("bob"), V1);
    closeables.add(again);
    again.awaitErr("joined lobby as bob");
    mallory.awaitJoined("bob");
    mallory.send(first);
    mallory.send(mallory.seal("second", "bob"));
    again.awaitOut("mallory: second");
    again.awaitErr("dropped a message from mallory: replayed");
    assertEquals(0, again.finish());
    assertEquals(List.of("mallory: second"), again.out());
  }
}
