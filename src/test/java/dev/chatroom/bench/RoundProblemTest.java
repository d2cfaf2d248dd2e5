package dev.chatroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A round that is not clean says why, and the relay's own words on it are picked from its log. */
class RoundProblemTest {
  private static BenchResult result(long lost, long disconnects, String firstError) {
    Workload w = new Workload(10, 10, 0, 1024, Duration.ZERO, Duration.ofSeconds(1), false, 3072, 1);
    return new BenchResult("v1", w, 100, 10, 1, 1, 1, 1, 1, 1, lost, 0, 0, 0, 0, 0, disconnects, firstError,
        BenchResult.Costs.NONE);
  }

  @Test
  void namesWhatWentWrong() {
    assertEquals("", result(0, 0, null).problem());
    assertEquals("lost 856, disconnects 1", result(856, 1, null).problem());
    assertEquals("lost 3 (first error: rate_limited)", result(3, 0, "rate_limited").problem());
  }

  @Test
  void theJsonReportNamesEachRoundThatWasNotClean() {
    Summary s = new Summary("v1", 100, 53290, List.of(result(0, 0, null), result(856, 1, "slow_consumer"), result(0, 0, null)));
    JsonArray problems = SummaryReport.json(List.of(s)).getJsonObject(0).getJsonArray("problems");
    assertEquals(new JsonArray().add("round 2: lost 856, disconnects 1 (first error: slow_consumer)"), problems);
    Summary clean = new Summary("v1", 100, 53290, List.of(result(0, 0, null)));
    assertTrue(SummaryReport.json(List.of(clean)).getJsonObject(0).getJsonArray("problems").isEmpty());
  }

  @Test
  void theRelaysNotableLinesAreTheOnesThatExplainALoss() {
    assertTrue(ChildServer.isNotable("00:44:43.546 INFO  Connection - disconnect m0 (127.0.0.1:34322): slow_consumer"));
    assertTrue(ChildServer.isNotable("00:44:43.546 INFO  Connections - output budget of 100 bytes exceeded (200 queued)"));
    assertTrue(ChildServer.isNotable("00:44:43.546 WARN  V2Relay - could not store a frame in bench: disk full"));
    assertFalse(ChildServer.isNotable("00:44:43.546 INFO  Connection - disconnect m0 (127.0.0.1:34322): client_closed"));
    assertFalse(ChildServer.isNotable("00:44:43.546 INFO  Connection - disconnect m0 (127.0.0.1:34322): quit"));
    assertFalse(ChildServer.isNotable("00:44:43.546 INFO  RelayNode - relay listening on 127.0.0.1:5000"));
  }
}
