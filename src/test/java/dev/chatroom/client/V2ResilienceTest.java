package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.relay.RelayServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nothing shown twice and nothing lost (PROTOCOL.md section 14) across a relay restart on a
 * SQLite store and a network cut in the middle of a burst in both directions. Real relay, real
 * clients in child JVMs, each behind a {@link TcpGate} the test shuts and opens.
 */
class V2ResilienceTest extends ClientTestBase {
  /** 150 RSA-sealed lines each way, resent and caught up, on two cores shared with other work. */
  private static final long BURST_WAIT_MS = 90_000;

  private TcpGate gate(int port) throws Exception {
    TcpGate gate = new TcpGate();
    closeables.add(gate);
    gate.open(port);
    return gate;
  }

  private ChatProcess through(TcpGate gate, String nick) throws Exception {
    ChatProcess p = ChatProcess.start(gate.port(), nick, identity(nick), "--room", "ops");
    closeables.add(p);
    return p;
  }

  private static List<String> lines(String from, String prefix, int first, int last) {
    List<String> out = new ArrayList<>();
    for (int i = first; i <= last; i++) {
      out.add(from + ": " + prefix + i);
    }
    return out;
  }

  private static void type(ChatProcess p, String prefix, int first, int last) throws Exception {
    for (int i = first; i <= last; i++) {
      p.type(prefix + i);
    }
  }

  @Test
  @Timeout(180)
  void aRelayRestartOnSqliteLosesNothingAndShowsNothingTwice() throws Exception {
    String store = "sqlite:" + temp.resolve("relay.db");
    RelayServer first = RelayServer.start(vertx, RelayConfig.builder().port(0).store(store).build())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    TcpGate toAlice = gate(first.port());
    TcpGate toBob = gate(first.port());
    ChatProcess alice = through(toAlice, "alice");
    alice.awaitErr("joined ops as alice");
    ChatProcess bob = through(toBob, "bob");
    bob.awaitErr("joined ops as bob; here: alice");
    alice.awaitErr("bob joined");

    type(alice, "a", 1, 10);
    bob.awaitOut(lines("alice", "a", 1, 10).toArray(String[]::new));
    toAlice.shut();
    toBob.shut();
    first.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    alice.awaitErr("lost; reconnecting in");
    type(alice, "a", 11, 15);
    bob.type("b1");
    alice.awaitErr("queued until reconnected");

    RelayServer second = RelayServer.start(vertx, RelayConfig.builder().port(0).store(store).build())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    toAlice.open(second.port());
    toBob.open(second.port());
    bob.awaitOut(lines("alice", "a", 1, 15).toArray(String[]::new));
    alice.awaitOut("bob: b1");
    assertEquals(0, alice.finish());
    assertEquals(0, bob.finish());
    assertEquals(lines("alice", "a", 1, 15), bob.out(), "after both exited: nothing twice");
    assertEquals(List.of("bob: b1"), alice.out());
    assertEquals(0, bob.errCount("lost the history"), "the store kept it");
    second.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @Timeout(180)
  void aNetworkCutDuringABurstBothWaysLosesNothingAndShowsNothingTwice() throws Exception {
    TcpGate toAlice = gate(port());
    TcpGate toBob = gate(port());
    ChatProcess alice = through(toAlice, "alice");
    alice.awaitErr("joined ops as alice");
    ChatProcess bob = through(toBob, "bob");
    bob.awaitErr("joined ops as bob; here: alice");
    alice.awaitErr("bob joined");

    type(alice, "a", 1, 150);
    type(bob, "b", 1, 150);
    toAlice.shut(); // in the middle of the burst: some frames stored, some acked, some neither
    toBob.shut();
    toAlice.open(port());
    toBob.open(port());
    alice.awaitErr("connection to 127.0.0.1:" + toAlice.port() + " lost");
    bob.awaitOut(BURST_WAIT_MS, lines("alice", "a", 1, 150));
    alice.awaitOut(BURST_WAIT_MS, lines("bob", "b", 1, 150));
    assertEquals(0, alice.finish(), String.join("\n", alice.err()));
    assertEquals(0, bob.finish(), String.join("\n", bob.err()));
    assertEquals(lines("alice", "a", 1, 150), bob.out());
    assertEquals(lines("bob", "b", 1, 150), alice.out());
  }
}
