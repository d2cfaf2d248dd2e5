package dev.chatroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.server.RelayRuntime;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Tiny runs of the version 2, Redis, sink and child-process paths: they work and lose nothing. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BenchWiresSmokeTest {
  private static final Workload TINY = new Workload(3, 2, 200, 256, Duration.ofMillis(300),
      Duration.ofSeconds(1), false, 2048, 64);
  private static Identity identity;

  @BeforeAll
  static void keys() throws Exception {
    identity = TestIdentities.fresh();
  }

  @Test
  void versionTwoRunDeliversEveryGroupMessageOnceAfterItsSenderKey() throws Exception {
    RelayRuntime relay = RelayRuntime.start(BenchCommand.embeddedRelay(100));
    try {
      InetSocketAddress at = new InetSocketAddress("127.0.0.1", relay.relay().port());
      BenchResult r = new LoadGenerator(TINY, identity, at, Wire.V2, Roster.tagged("smoke1")).run("v2");
      assertClean(r);
      assertEquals(r.sent(), r.acks(), "every group_message is acked (sender_key acks aside)");
    } finally {
      relay.stop(5);
    }
  }

  /** v2 on memory, on a SQLite file and (when a test PostgreSQL is given) on PostgreSQL, in one run. */
  @Test
  void storeTargetsRunSideBySide() throws Exception {
    String pg = System.getenv("CHATROOM_TEST_PG");
    List<Wire> wires = pg == null ? List.of(Wire.V2, Wire.V2_SQLITE) : List.of(Wire.V2, Wire.V2_SQLITE, Wire.V2_POSTGRES);
    try (Servers servers = new Servers("memory", pg, null, List.of())) {
      List<Summary> rows = Rounds.run(TINY, wires, servers, identity, 1, Duration.ZERO, null);
      assertEquals(wires.size(), rows.size());
      for (Summary s : rows) {
        assertTrue(s.clean(), () -> s.target() + ": " + s.firstError());
        assertTrue(s.delivered().median() > 0, s.target() + " delivered");
      }
      assertTrue(servers.process(Wire.V2).pid() != servers.process(Wire.V2_SQLITE).pid(), "each store has its relay");
    }
  }

  /** --server-warmup: every target runs once first, and that run is neither counted nor a round. */
  @Test
  void serverWarmUpRunsEachTargetOnceUncounted() throws Exception {
    java.io.StringWriter progress = new java.io.StringWriter();
    try (Servers servers = new Servers("memory", null, null, List.of())) {
      List<Summary> rows = Rounds.run(TINY, List.of(Wire.V2, Wire.FORWARDER), servers, identity, 1,
          Duration.ofMillis(500), new java.io.PrintWriter(progress));
      for (Summary s : rows) {
        assertTrue(s.clean(), () -> s.target() + ": " + s.firstError());
        assertEquals(1, s.rounds().size(), s.target() + ": the warm-up is not a round");
      }
    }
    String text = progress.toString();
    for (String target : List.of("v2", "forwarder")) {
      assertTrue(java.util.regex.Pattern.compile("warm-up +room 3 " + target + " +[0-9,]+ deliveries/s \\(not counted\\)")
          .matcher(text).find(), text);
    }
    assertTrue(text.lastIndexOf("warm-up") < text.indexOf("round 1/1"), "the warm-ups come first: " + text);
  }

  @Test
  void versionTwoRunOnSqliteInAChildRelay(@TempDir Path dir) throws Exception {
    try (Servers servers = new Servers("sqlite:" + dir.resolve("bench.db"), null, null, List.of())) {
      List<Summary> rows = Rounds.run(TINY, List.of(Wire.V2, Wire.FORWARDER), servers, identity, 1, Duration.ZERO, null);
      assertEquals(2, rows.size());
      for (Summary s : rows) {
        assertTrue(s.clean(), () -> s.target() + ": " + s.firstError());
        assertTrue(s.delivered().median() > 0, s.target() + " delivered");
        assertTrue(s.generatorNanosPerDelivery().median() > 0, "the generator's CPU was measured");
        assertTrue(s.serverNanosPerDelivery().median() > 0, "the child's CPU was measured");
      }
      assertTrue(Files.size(dir.resolve("bench.db")) > 0, "the child relay stored into the SQLite file");
    }
  }

  @Test
  void sinkRunMeasuresWhatTheGeneratorSends() throws Exception {
    try (SinkServer sink = SinkServer.start()) {
      Workload w = new Workload(3, 2, 0, 256, Duration.ofMillis(200), Duration.ofMillis(500), false, 2048, 8);
      BenchResult r = new LoadGenerator(w, identity, new InetSocketAddress("127.0.0.1", sink.port()),
          Wire.SINK, Roster.V1).run("sink");
      assertTrue(r.clean(), r.firstError());
      assertTrue(r.costs().sentPerSecond() > 0, "messages were sent in the window");
      assertTrue(r.sent() > w.window() * w.senders(), "the sink run is not held by the delivery window");
    }
  }

  @Test
  void redisRunDeliversEveryPublishedFrameOnce() throws Exception {
    assumeTrue(Servers.redisInstalled(), "redis-server is not installed");
    try (ChildServer redis = ChildServer.redis()) {
      BenchResult r = new LoadGenerator(TINY, identity, redis.address(), Wire.REDIS, Roster.V1).run("redis");
      assertClean(r);
    }
  }

  @Test
  void medianMinAndMaxOfRounds() {
    assertEquals(new Summary.Spread(3, 1, 9), Summary.of(List.of(9.0, 1.0, 3.0)));
    assertEquals(new Summary.Spread(2.5, 1, 9), Summary.of(List.of(9.0, 1.0, 3.0, 2.0)));
  }

  @Test
  void publishIsRespBulkStrings() {
    assertEquals("*3\r\n$7\r\nPUBLISH\r\n$2\r\nc0\r\n$2\r\n{}\r\n",
        new String(Resp.publish("c0", "{}".getBytes()), java.nio.charset.StandardCharsets.US_ASCII));
  }

  private static void assertClean(BenchResult r) {
    assertTrue(r.sent() > 0, "something was sent");
    assertTrue(r.deliveredPerSecond() > 0, "something was delivered in the measured window");
    assertEquals(0, r.lost(), "lost");
    assertEquals(0, r.duplicated(), "duplicated");
    assertEquals(0, r.errors(), () -> "errors, first: " + r.firstError());
    assertTrue(r.p50Micros() > 0, "latency was recorded");
  }
}
