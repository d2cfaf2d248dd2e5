package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.chatroom.store.Appended;
import dev.chatroom.store.FrameKind;
import dev.chatroom.store.NewFrame;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The version 2 messages between nodes read back as written, non-ASCII and resends included. */
class ClusterWireTest {
  @Test
  void aForwardReadsBackAsWritten() {
    List<NewFrame> frames = List.of(
        new NewFrame("ops", FrameKind.MESSAGE, "alice", "id-1", 17L, null, List.of("bob", "carol"),
            Buffer.buffer("{\"type\":\"message\",\"x\":\"h\u00e9\"}"), 99L),
        new NewFrame("ops", FrameKind.GROUP_MESSAGE, "alice", "id-2", 18L, "0123456789abcdef0123456789abcdef",
            List.of(), Buffer.buffer("{}"), 100L));
    ClusterWire.Forward read = ClusterWire.readForward(ClusterWire.forward("ops", List.of("node-a", "n\u00f6de-b"), frames));
    assertEquals("ops", read.room());
    assertEquals(List.of("node-a", "n\u00f6de-b"), read.nodes());
    List<NewFrame> back = read.frames();
    assertEquals(frames.size(), back.size());
    for (int i = 0; i < frames.size(); i++) {
      NewFrame a = frames.get(i);
      NewFrame b = back.get(i);
      assertEquals(List.of(a.room(), a.kind(), a.from(), a.id(), a.sent(), String.valueOf(a.epoch()), a.recipients(), a.storedAt()),
          List.of(b.room(), b.kind(), b.from(), b.id(), b.sent(), String.valueOf(b.epoch()), b.recipients(), b.storedAt()));
      assertEquals(a.bytes(), b.bytes());
    }
  }

  @Test
  void assignedSeqsReadBack() {
    List<Appended> seqs = List.of(new Appended(41, false), new Appended(7, true), new Appended(Long.MAX_VALUE, false));
    assertEquals(seqs, ClusterWire.readAssigned(ClusterWire.assigned(seqs)));
  }

  @Test
  void aStoredBatchReadsBackAndAResendCarriesNoBytes() {
    ClusterWire.Stored batch = new ClusterWire.Stored("r\u00f6om", List.of(
        new ClusterWire.StoredEntry(5, FrameKind.SENDER_KEY, "bob", List.of("alice"), Buffer.buffer("{\"k\":1}")),
        new ClusterWire.StoredEntry(6, FrameKind.MESSAGE, "bob", List.of(), null)));
    ClusterWire.Stored back = ClusterWire.readStored(ClusterWire.stored(batch));
    assertEquals(batch.room(), back.room());
    assertEquals(batch.entries().get(0), back.entries().get(0));
    assertEquals(6, back.entries().get(1).seq());
    assertNull(back.entries().get(1).bytes());
  }
}
