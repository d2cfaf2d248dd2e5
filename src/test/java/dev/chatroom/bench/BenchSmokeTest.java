package dev.chatroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.server.RelayRuntime;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A tiny run of the harness against the relay and the baseline: it works and loses nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchSmokeTest {
  private static final Workload TINY = new Workload(3, 3, 200, 256, Duration.ofMillis(300),
      Duration.ofSeconds(1), false, 2048, 64);
  private static Identity identity;

  @BeforeAll
  static void keys() throws Exception {
    identity = TestIdentities.fresh();
  }

  @Test
  void relayRunDeliversEveryMessageOnce() throws Exception {
    RelayRuntime relay = RelayRuntime.start(BenchCommand.embeddedRelay(100));
    try {
      BenchResult r = new LoadGenerator(TINY, identity,
          new InetSocketAddress("127.0.0.1", relay.relay().port()), true).run("relay");
      assertClean(r);
      assertEquals(r.sent(), r.acks(), "every message is acked");
      assertEquals(r.sent() * 2, relay.relay().stats().messagesDelivered.sum(), "the relay delivered each to 2 members");
    } finally {
      relay.stop(5);
    }
  }

  @Test
  void baselineRunDeliversEveryMessageOnce() throws Exception {
    try (BaselineForwarder forwarder = BaselineForwarder.start()) {
      assertClean(new LoadGenerator(TINY, identity,
          new InetSocketAddress("127.0.0.1", forwarder.port()), false).run("baseline"));
    }
  }

  @Test
  void realCryptoRunOpensEveryMessage() throws Exception {
    Workload real = new Workload(3, 1, 20, 100, Duration.ZERO, Duration.ofSeconds(1), true, 2048, 64);
    RelayRuntime relay = RelayRuntime.start(BenchCommand.embeddedRelay(100));
    try {
      assertClean(new LoadGenerator(real, identity,
          new InetSocketAddress("127.0.0.1", relay.relay().port()), true).run("relay"));
    } finally {
      relay.stop(5);
    }
  }

  private static void assertClean(BenchResult r) {
    assertTrue(r.sent() > 0, "something was sent");
    assertTrue(r.deliveredPerSecond() > 0, "something was delivered in the measured window");
    assertEquals(0, r.lost(), "lost");
    assertEquals(0, r.duplicated(), "duplicated");
    assertEquals(0, r.errors(), () -> "errors, first: " + r.firstError());
    assertEquals(0, r.openFailures(), "messages that failed to open");
    assertTrue(r.p50Micros() > 0, "latency was recorded");
  }
}
