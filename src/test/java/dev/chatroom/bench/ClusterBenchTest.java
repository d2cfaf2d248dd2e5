package dev.chatroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.OneClusterAtATime;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.TestIdentities;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A tiny --cluster run: one node, then sender on node A and receivers on node B; nothing lost. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@ExtendWith(OneClusterAtATime.class)
class ClusterBenchTest {
  @Test
  void crossNodeRunDeliversEveryMessageOnce() throws Exception {
    Workload tiny = new Workload(3, 1, 100, 256, Duration.ofMillis(300), Duration.ofSeconds(1), false, 2048, 64);
    BenchResult[] r = ClusterBench.run(tiny, TestIdentities.fresh());
    for (BenchResult result : r) {
      assertTrue(result.clean(), result.target() + ": " + result);
      assertTrue(result.sent() >= 100, result.target() + " sent " + result.sent());
      assertEquals(result.sent(), result.acks(), result.target() + ": every message is acked");
    }
    assertEquals("cluster", r[1].target());
    assertEquals(r[0].sent(), r[1].sent(), "same paced workload on both");
  }
}
