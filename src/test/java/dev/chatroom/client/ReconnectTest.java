package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatroom.crypto.Identity;
import dev.chatroom.relay.RelayServer;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The relay goes away and comes back on the same port: lines typed meanwhile arrive. */
class ReconnectTest extends ClientTestBase {

  @Test
  @Timeout(60)
  void queuedLinesAreDeliveredAfterTheRelayRestarts() throws Exception {
    int fixedPort = freePort();
    Identity bobId = Identity.generate(2048);
    RelayServer first = startRelay(fixedPort);
    ChatProcess alice = ChatProcess.start(fixedPort, "alice", identity("alice"));
    closeables.add(alice);
    alice.awaitErr("joined lobby as alice");

    first.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    alice.awaitErr("connection to 127.0.0.1:" + fixedPort + " lost; reconnecting in");
    alice.type("sent while down", "/me is still here");
    alice.awaitErr("queued until reconnected", 2);

    startRelay(fixedPort);
    // bob is in the new relay's room before alice's first retry (about 1 s after the loss).
    RawPeer bob = RawPeer.join(fixedPort, "bob", "lobby", bobId);
    closeables.add(bob);
    alice.awaitErr("rejoined lobby as alice; here: bob");
    assertEquals("sent while down", bob.receive().text());
    assertEquals("is still here", bob.receive().text());
    bob.send(bob.seal("welcome back", "alice"));
    alice.awaitOut("bob: welcome back");
    assertEquals(0, alice.finish());
  }

  @Test
  @Timeout(60)
  void rejoinKeepsTryingWhileTheNickIsStillHeld() throws Exception {
    int fixedPort = freePort();
    Identity squatterId = Identity.generate(2048);
    RelayServer first = startRelay(fixedPort);
    ChatProcess alice = ChatProcess.start(fixedPort, "alice", identity("alice"));
    closeables.add(alice);
    alice.awaitErr("joined lobby as alice");

    first.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    alice.awaitErr("lost; reconnecting in");
    startRelay(fixedPort);
    // Someone (as an old session would) holds the nick when alice comes back.
    RawPeer squatter = RawPeer.join(fixedPort, "alice", "lobby", squatterId);
    alice.awaitErr("the relay says nick_taken");
    squatter.close();
    alice.awaitErr("rejoined lobby as alice");
    assertEquals(0, alice.finish());
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
