package dev.chatroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The memory probes work end to end with a real relay in a child JVM: version 2 members really
 * authenticate and join, memberships really land in a SQLite store and are loaded. No number
 * is asserted beyond "a heap was measured" (the machine is shared).
 */
class MemoryProbesSmokeTest {
  @Test
  @Timeout(300) // a hang guard: child JVMs on a loaded machine
  void version2MembersComeOnlineInASharedRoomAndTheHeapIsMeasured() throws Exception {
    IdleProbe.Result r = IdleProbe.run(30, null, 2048, 2, 30);
    assertEquals(30, r.connections());
    assertEquals(30, r.openOnRelay(), "the relay counts every member open");
    assertTrue(r.heapBefore() > 0 && r.heapAfter() > 0, r.describe());
  }

  @Test
  @Timeout(300)
  void offlineMembershipsAreLoadedAndTheHeapIsMeasured() throws Exception {
    MembershipProbe.Result r = MembershipProbe.run(2_000);
    assertEquals(2_000, r.memberships());
    // not filled > empty: 2,000 memberships are about 100 KB, within one GC's noise (CI saw -12 B each)
    assertTrue(r.emptyHeap() > 0 && r.filledHeap() > 0, r.describe());
  }
}
