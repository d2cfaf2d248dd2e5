package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.relay.RelayServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The relay goes away and a new one comes back: lines typed meanwhile arrive. The client
 * reaches the relays through a {@link TcpGate} the test keeps shut until the new relay is set
 * up, so nothing depends on when the client's next retry happens.
 */
class ReconnectTest extends ClientTestBase {

  @Test
  @Timeout(60)
  void queuedLinesAreDeliveredAfterTheRelayRestarts() throws Exception {
    TcpGate gate = gate(relay.port());
    ChatProcess alice = ChatProcess.start(gate.port(), "alice", identity("alice"));
    closeables.add(alice);
    alice.awaitErr("joined lobby as alice");

    gate.shut();
    relay.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    alice.awaitErr("connection to 127.0.0.1:" + gate.port() + " lost; reconnecting in");
    alice.type("sent while down", "/me is still here");
    alice.awaitErr("queued until reconnected"); // said once per time offline

    RelayServer second = startRelay(0);
    RawPeer bob = RawPeer.join(second.port(), "bob", "lobby", TestIdentities.fresh());
    closeables.add(bob);
    gate.open(second.port()); // bob is in the room before alice can be
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
    TcpGate gate = gate(relay.port());
    ChatProcess alice = ChatProcess.start(gate.port(), "alice", identity("alice"), V1); // a v1 squatter cannot take a v2 nick
    closeables.add(alice);
    alice.awaitErr("joined lobby as alice");

    gate.shut();
    alice.awaitErr("lost; reconnecting in");
    // Someone (as an old session would) holds the nick when alice comes back.
    RawPeer squatter = joinOnceFree(relay.port(), "alice", TestIdentities.fresh());
    gate.open(relay.port());
    alice.awaitErr("the relay says nick_taken");
    squatter.close();
    alice.awaitErr("rejoined lobby as alice");
    assertEquals(0, alice.finish());
  }

  /** Joins as soon as the relay has noticed the old connection is gone (polled, with a deadline). */
  private static RawPeer joinOnceFree(int port, String nick, Identity id) throws Exception {
    long deadline = System.currentTimeMillis() + ChatProcess.WAIT_MS;
    while (true) {
      try {
        return RawPeer.join(port, nick, "lobby", id);
      } catch (AssertionError taken) {
        if (System.currentTimeMillis() > deadline) {
          throw taken;
        }
        Thread.sleep(20); // polling the relay's state: there is no event to wait on
      }
    }
  }

  private TcpGate gate(int port) throws Exception {
    TcpGate gate = new TcpGate();
    closeables.add(gate);
    gate.open(port);
    return gate;
  }
}
