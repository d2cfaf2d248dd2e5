package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 10, the relay against hostile clients: repeated keys, the pre-join limits, re-join welcomes. */
class RelayHardeningTest extends RelayTestBase {

  /** The spoofing case: a last-wins relay checked "alice", a first-wins receiver would show "mallory". */
  @Test
  void aMessageWithTwoFromKeysIsRefusedAndReachesNoOne() throws Exception {
    startRelay();
    WireClient alice = join("alice");
    WireClient bob = join("bob");
    alice.next(Frame.Joined.class);
    String line = FrameCodec.encodeToString(alice.message("bob")).strip();
    String spoofed = line.replace("\"from\":\"alice\"", "\"from\":\"mallory\",\"from\":\"alice\"");
    alice.sendRaw(spoofed + "\n");
    assertEquals("frame has the same key twice in one object", alice.expectError("bad_frame").message());
    alice.sendRaw(line.replace("\"bob\":", "\"bob\":\"AAAA\",\"bob\":") + "\n"); // and a repeated recipient
    alice.expectError("bad_frame");
    assertTrue(bob.silentFor(300), "bob got a frame with a repeated key");
    Frame.Message fine = alice.message("bob");
    alice.send(fine);
    alice.next(Frame.Ack.class);
    assertEquals(fine, bob.next()); // the connection stays usable
  }

  @Test
  void beforeJoiningFramesAreLimitedToThePreJoinSize() throws Exception {
    startRelay(config().preJoinMaxFrameBytes(2048).build());
    String big = "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(4000) + "\"}\n";
    WireClient joined = join("alice");
    joined.sendRaw(big);
    joined.next(Frame.Pong.class); // after hello the full max_frame_bytes applies

    WireClient stranger = connect();
    stranger.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(1000) + "\"}\n");
    stranger.next(Frame.Pong.class);
    stranger.sendRaw(big);
    Frame.Error e = stranger.expectError("frame_too_large");
    assertEquals("frames may be at most 2048 bytes before joining", e.message());
    assertTrue(stranger.closedByRelay());
  }

  /** A frame that never ends is refused as soon as it passes the limit, not buffered up to 1 MiB. */
  @Test
  void aHalfSentFrameBeforeJoiningIsCutAtThePreJoinSize() throws Exception {
    startRelay(config().preJoinMaxFrameBytes(4096).build());
    WireClient stranger = connect();
    stranger.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(5000)); // no newline, ever
    stranger.expectError("frame_too_large");
    assertTrue(stranger.closedByRelay());
    assertEquals(1, relay.stats().closed(CloseReason.FRAME_TOO_LARGE).sum());
  }

  @Test
  void aConnectionThatDoesNotJoinInTimeIsClosed() throws Exception {
    WireClient.identity(); // made before connecting: key generation must not eat the member's second
    startRelay(config().joinTimeout(Duration.ofMillis(1000)).build());
    WireClient member = join("alice");
    long start = System.nanoTime();
    WireClient lurker = connect();
    lurker.send(new Frame.Ping()); // pings do not count as joining
    lurker.next(Frame.Pong.class);
    assertTrue(lurker.closedByRelay());
    assertTrue(System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(900), "closed before its time");
    assertEquals(1, relay.stats().closed(CloseReason.JOIN_TIMEOUT).sum());
    member.send(new Frame.Ping()); // well past the join timeout: a joined member stays
    member.next(Frame.Pong.class);
  }

  @Test
  void joinToTheRoomYouAreInAnswersAFreshWelcomeAtMostOnceASecond() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000_000_000L);
    relay = RelayServer.start(vertx, config().build(), now::get).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    WireClient alice = join("alice");
    WireClient bob = join("bob");
    alice.next(Frame.Joined.class);
    bob.send(new Frame.Join("lobby"));
    bob.expectError("rate_limited"); // the welcome of its hello was this very second
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1000));
    bob.send(new Frame.Join("lobby"));
    Frame.Welcome w = bob.next(Frame.Welcome.class);
    assertEquals("lobby", w.room());
    assertEquals(1, w.members().size());
    for (int i = 0; i < 50; i++) {
      bob.send(new Frame.Join("lobby"));
    }
    for (int i = 0; i < 50; i++) {
      bob.expectError("rate_limited");
    }
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
    bob.send(new Frame.Join("lobby"));
    bob.expectError("rate_limited");
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
    bob.send(new Frame.Join("lobby"));
    bob.next(Frame.Welcome.class);
    bob.send(new Frame.Join("ops")); // moving to another room is not limited by this rule
    assertEquals("ops", bob.next(Frame.Welcome.class).room());
    assertEquals("bob", alice.next(Frame.Left.class).nick());
    assertTrue(alice.silentFor(200), "a re-join must not announce anything to the room");
  }
}
