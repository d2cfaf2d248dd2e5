package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayLimitsTest extends RelayTestBase {
  // a Vert.x 5 NetClient nobody references is garbage-collected and its sockets closed
  private NetClient client;


  @Test
  void oversizedFrameGetsFrameTooLargeThenClose() throws Exception {
    startRelay(config().maxFrameBytes(2048).build());
    WireClient alice = join("alice");
    WireClient bob = join("bob");
    alice.next(Frame.Joined.class);
    alice.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(1024) + "\"}\n");
    alice.next(Frame.Pong.class);
    alice.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(4000) + "\"}\n");
    alice.expectError("frame_too_large");
    assertTrue(alice.closedByRelay());
    assertEquals("alice", bob.next(Frame.Left.class).nick());
  }

  @Test
  void connectionsOverTheLimitGetServerFull() throws Exception {
    startRelay(config().maxConnections(2).build());
    join("a");
    join("b");
    WireClient third = connect();
    third.expectError("server_full");
    assertTrue(third.closedByRelay());
  }

  @Test
  void overTheRateFramesAreDroppedButTheConnectionStays() throws Exception {
    startRelay(config().ratePerSecond(1).rateBurst(5).build());
    WireClient alice = join("alice"); // the hello took one token
    WireClient bob = join("bob");
    alice.next(Frame.Joined.class);
    Frame.Message[] m = new Frame.Message[6];
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < m.length; i++) {
      m[i] = alice.message("bob");
      all.append(FrameCodec.encodeToString(m[i]));
    }
    alice.sendRaw(all.toString());
    for (int i = 0; i < 4; i++) {
      assertEquals(m[i].id(), alice.next(Frame.Ack.class).id());
    }
    assertEquals(m[4].id(), alice.expectError("rate_limited").id());
    assertEquals(m[5].id(), alice.expectError("rate_limited").id());
    for (int i = 0; i < 4; i++) {
      assertEquals(m[i], bob.next());
    }
    assertTrue(bob.silentFor(200));
    // the refill itself is TokenBucketTest's; here the connection takes messages again once it came
    Frame.Message later = sendUntilAccepted(alice, "bob", Duration.ofSeconds(10));
    assertEquals(later, bob.next(), "bob gets the accepted message and none of the refused ones");
  }

  /** Sends a fresh message every 50 ms until one is acked; each refused one must be rate_limited. */
  private static Frame.Message sendUntilAccepted(WireClient from, String to, Duration patience) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      Frame.Message m = from.message(to);
      from.send(m);
      Frame answer = from.next();
      if (answer instanceof Frame.Ack ack) {
        assertEquals(m.id(), ack.id());
        return m;
      }
      Frame.Error refused = assertInstanceOf(Frame.Error.class, answer);
      assertEquals("rate_limited", refused.code());
      assertEquals(m.id(), refused.id());
      Thread.sleep(50); // a poll interval, not a wait for time to pass
    }
    throw new AssertionError("no token came back within " + patience);
  }

  @Test
  void repeatedBadFramesCloseTheConnection() throws Exception {
    startRelay(config().badFrameLimit(3).build());
    WireClient c = connect();
    c.sendRaw("x\ny\nz\n");
    c.expectError("bad_frame");
    c.expectError("bad_frame");
    c.expectError("bad_frame");
    assertTrue(c.closedByRelay());
    assertEquals(1, relay.stats().closed(CloseReason.BAD_FRAMES).sum());
  }

  @Test
  void idleConnectionsAreClosedAndTheirRoomHearsLeft() throws Exception {
    startRelay(config().idleTimeout(Duration.ofMillis(600)).build());
    WireClient quiet = join("quiet");
    WireClient chatty = join("chatty");
    quiet.next(Frame.Joined.class);
    long start = System.nanoTime();
    Frame.Left left = null;
    while (left == null && System.nanoTime() - start < Duration.ofSeconds(3).toNanos()) {
      Thread.sleep(150);
      chatty.send(new Frame.Ping()); // keeps chatty alive while quiet sends nothing
      Frame f = chatty.next();
      if (f instanceof Frame.Left l) {
        left = l;
        chatty.next(Frame.Pong.class);
      }
    }
    assertEquals("quiet", left.nick());
    assertTrue(quiet.closedByRelay());
    assertTrue(System.nanoTime() - start > Duration.ofMillis(500).toNanos());
    assertEquals(1, relay.stats().closed(CloseReason.IDLE).sum());
  }

  @Test
  void stoppingTheRelayClosesEveryClient(VertxTestContext ctx) throws Exception {
    startRelay();
    client = vertx.createNetClient();
    Checkpoint bothWelcomed = ctx.checkpoint(2);
    Checkpoint stoppedWithinFiveSeconds = ctx.checkpoint();
    Checkpoint bothClosed = ctx.checkpoint(2);
    List<Future<Void>> welcomes = new ArrayList<>();
    for (String nick : List.of("a", "b")) {
      Promise<Void> welcomed = Promise.promise();
      welcomes.add(welcomed.future());
      VertxPeer.hello(client, relay.port(), nick, "lobby", ctx, frame -> {
        if (frame instanceof Frame.Welcome) {
          bothWelcomed.flag();
          welcomed.complete();
        }
      }).onComplete(ctx.succeeding(peer -> peer.closed().onComplete(ctx.succeeding(v -> bothClosed.flag()))));
    }
    Future.all(welcomes).compose(v -> {
      long start = System.nanoTime();
      return relay.stop().map(done -> System.nanoTime() - start);
    }).onComplete(ctx.succeeding(nanos -> ctx.verify(() -> {
      assertTrue(nanos < Duration.ofSeconds(5).toNanos(), "stop took " + Duration.ofNanos(nanos));
      stoppedWithinFiveSeconds.flag();
    })));
  }

  @Test
  void aFloodOfRefusedFramesIsLoggedAboutOnceASecond() throws Exception {
    ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Connection.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    log.addAppender(lines);
    ch.qos.logback.classic.Level before = log.getLevel();
    log.setLevel(ch.qos.logback.classic.Level.INFO); // what a test run earlier in this JVM set on a parent does not count
    try {
      startRelay(config().ratePerSecond(1).rateBurst(1).build());
      WireClient alice = join("alice"); // the hello took the only token
      StringBuilder flood = new StringBuilder();
      for (int i = 0; i < 500; i++) {
        flood.append("{\"type\":\"ping\"}\n");
      }
      long start = System.nanoTime();
      alice.sendRaw(flood.toString());
      int refused = 0;
      for (int i = 0; i < 500; i++) {
        Frame f = alice.next();
        if (f instanceof Frame.Error e) {
          assertEquals("rate_limited", e.code(), e.message());
          refused++;
        } else {
          // the bucket refills one token a second: on a slow machine a ping or two gets through
          assertTrue(f instanceof Frame.Pong, "expected rate_limited or pong, got " + f);
        }
      }
      long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + 1;
      assertTrue(refused >= 500 - seconds, refused + " of 500 refused in " + seconds + " s");
      long errorLines = lines.list.stream().filter(e -> e.getFormattedMessage().startsWith("error ")).count();
      assertTrue(errorLines >= 1 && errorLines <= seconds + 2, "error lines logged: " + errorLines + " in " + seconds + " s");
    } finally {
      log.setLevel(before);
      log.detachAppender(lines);
    }
  }
}
