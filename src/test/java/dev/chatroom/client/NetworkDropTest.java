package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatroom.crypto.OutboxStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing lost and nothing shown twice (PROTOCOL.md section 14) when the network fails at a
 * point the test picks, counted in frames: a {@link LineProxy} between a real client (child
 * JVM) and the real relay cuts the connection in the middle of a burst, each way; and a client
 * killed with lines not acked is started again on the same identity folder.
 */
class NetworkDropTest extends ClientTestBase {
  /** A child JVM's first words, on two cores shared with other work. */
  private static final long STARTUP_MS = ChatProcess.WAIT_MS * 4;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** 200 RSA-sealed lines, a reconnect and a catch-up, on two cores shared with other work. */
  private static final long BURST_WAIT_MS = 120_000;

  private LineProxy proxy(LineProxy p) {
    closeables.add(p);
    return p;
  }

  private ChatProcess chatVia(int port, String nick, Path dir, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("--room", "ops"));
    args.addAll(List.of(more));
    ChatProcess p = ChatProcess.start(port, nick, dir, args.toArray(String[]::new));
    closeables.add(p);
    return p;
  }

  private static List<String> lines(String prefix, int first, int last) {
    List<String> out = new ArrayList<>();
    for (int i = first; i <= last; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  @Test
  @Timeout(300)
  void aCutInTheMiddleOfABurstEachWayLosesNothingAndShowsNothingTwice() throws Exception {
    // alice's 101st group message to the relay is torn in half (bob is version 2); bob's 101st delivery too
    LineProxy sending = proxy(LineProxy.cutting(port(), LineProxy.Direction.TO_RELAY, "group_message", 100));
    LineProxy receiving = proxy(LineProxy.cutting(port(), LineProxy.Direction.TO_CLIENT, "delivery", 100));
    ChatProcess alice = chatVia(sending.port(), "alice", identity("alice"));
    alice.awaitErr("joined ops as alice", 1, STARTUP_MS);
    ChatProcess bob = chatVia(receiving.port(), "bob", identity("bob"), "--json");
    bob.awaitErr("joined ops as bob; here: alice", 1, STARTUP_MS);
    alice.awaitErr("bob joined", 1, STARTUP_MS);

    List<String> sent = lines("a", 1, 200);
    alice.type(sent.toArray(String[]::new));
    bob.awaitOutCount(200, BURST_WAIT_MS);
    assertEquals(0, alice.finish(), String.join("\n", alice.err()));
    assertEquals(0, bob.finish(), String.join("\n", bob.err()));

    List<String> texts = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    long lastSeq = 0;
    for (String line : bob.out()) {
      JsonNode m = JSON.readTree(line);
      assertEquals("alice", m.get("from").asText());
      assertEquals("ops", m.get("room").asText());
      assertTrue(m.get("seq").asLong() > lastSeq, "in seq order: " + line);
      lastSeq = m.get("seq").asLong();
      assertTrue(ids.add(m.get("id").asText()), "an id shown twice: " + line);
      texts.add(m.get("text").asText());
    }
    assertEquals(sent, texts, "every line once, in order, after both exited");
    assertEquals(1, sending.cuts());
    assertEquals(1, receiving.cuts());
    assertTrue(sending.connections() >= 2 && receiving.connections() >= 2, "both reconnected");
    assertEquals(1, alice.errCount("connection to 127.0.0.1:" + sending.port() + " lost"));
  }

  /**
   * {@code message}: alice's group messages never reach the relay (her sender key does);
   * {@code ack}: the relay stores and delivers her sender key and messages but alice never hears
   * so. Either way she is killed and started again.
   */
  @ParameterizedTest
  @ValueSource(strings = {"message", "ack"})
  @Timeout(180)
  void aClientKilledWithLinesNotAckedSendsThemOnceAfterARestart(String lost) throws Exception {
    LineProxy.Direction way = lost.equals("message") ? LineProxy.Direction.TO_RELAY : LineProxy.Direction.TO_CLIENT;
    // bob is version 2, so alice's lines are group messages after one sender_key
    LineProxy blackhole = proxy(LineProxy.dropping(port(), way, lost.equals("message") ? "group_message" : "ack"));
    Path dir = identity("alice");
    ChatProcess alice = chatVia(blackhole.port(), "alice", dir);
    alice.awaitErr("joined ops as alice", 1, STARTUP_MS);
    ChatProcess bob = chatVia(port(), "bob", identity("bob"));
    bob.awaitErr("joined ops as bob; here: alice", 1, STARTUP_MS);
    alice.awaitErr("bob joined", 1, STARTUP_MS);

    List<String> typed = lines("x", 1, 20);
    alice.type(typed.toArray(String[]::new));
    awaitOutboxSize(dir, lost.equals("message") ? 20 : 21); // an unacked sender_key stays too
    if (lost.equals("ack")) {
      bob.awaitOut(ChatProcess.WAIT_MS * 4, prefixed(typed)); // stored and delivered; only the acks were lost
    }
    alice.kill();

    ChatProcess again = chatVia(port(), "alice", dir);
    again.awaitErr("20 messages not acked in the last run are sent again first", 1, STARTUP_MS);
    bob.awaitOut(ChatProcess.WAIT_MS * 4, prefixed(typed));
    assertEquals(0, again.finish(), String.join("\n", again.err()));
    assertEquals(0, bob.finish(), String.join("\n", bob.err()));
    assertEquals(prefixed(typed), bob.out(), "after both exited: each once, in order");
    assertEquals(List.of(), OutboxStore.readFile(dir), "all acked now");
  }

  private static List<String> prefixed(List<String> texts) {
    return texts.stream().map(t -> "alice: " + t).toList();
  }

  /** Polls what a crash would leave on disk, with a deadline. */
  private static void awaitOutboxSize(Path dir, int size) throws Exception {
    long deadline = System.currentTimeMillis() + ChatProcess.WAIT_MS * 4;
    int got = -1;
    while (System.currentTimeMillis() < deadline) {
      got = OutboxStore.readFile(dir).size();
      if (got == size) {
        return;
      }
      Thread.sleep(20); // a file's content has no event to wait on
    }
    fail("the outbox holds " + got + " frames, expected " + size);
  }
}
