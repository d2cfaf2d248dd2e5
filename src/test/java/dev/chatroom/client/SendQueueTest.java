package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The send queue without sockets: order, the bound, and the resend rule (PROTOCOL.md section 11). */
class SendQueueTest {

  private static SendQueue.Outgoing line(String room, String text) {
    return new SendQueue.Outgoing(room, text, Command.parse(text));
  }

  private static SendQueue.Pending frame(String id, String room, String line) {
    return new SendQueue.Pending(id, room, line, ("{\"id\":\"" + id + "\"}\n").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void linesGoInOrderOneSealAtATimeAndWaitForTheirRoom() {
    SendQueue q = new SendQueue(10);
    assertTrue(q.tryReserve());
    q.add(line("ops", "first"));
    assertTrue(q.tryReserve());
    q.add(line("lobby", "second"));
    assertNull(q.next(room -> false), "ops is not welcomed yet: nothing goes, not even lobby's line");
    SendQueue.Outgoing first = q.next(Set.of("ops", "lobby")::contains);
    assertEquals("first", first.line());
    assertNull(q.next(room -> true), "one seal at a time keeps the order");
    q.sealed(List.of(frame("a", "ops", "first")));
    assertEquals("second", q.next(room -> true).line());
    q.sealed(List.of());
    assertEquals(List.of("first"), q.unsent());
  }

  @Test
  void everyUnackedFrameIsResentUnchangedInOrderAndAnAckedOneNever() {
    SendQueue q = new SendQueue(10);
    for (String id : List.of("a", "b", "c")) {
      q.tryReserve();
      q.add(line("ops", "line " + id));
      q.next(room -> true);
      q.sealed(List.of(frame(id, "ops", "line " + id)));
    }
    byte[] bBytes = q.toResend().get(1).bytes();
    assertEquals("b", q.settled("b").id());
    assertNull(q.settled("b"), "a second ack of the same id settles nothing");
    List<SendQueue.Pending> again = q.toResend();
    assertEquals(List.of("a", "c"), again.stream().map(SendQueue.Pending::id).toList());
    assertArrayEquals("{\"id\":\"a\"}\n".getBytes(StandardCharsets.UTF_8), again.get(0).bytes(), "the same bytes");
    assertEquals("{\"id\":\"b\"}\n", new String(bBytes, StandardCharsets.UTF_8));
    assertEquals(again, q.toResend(), "resending does not consume: a second reconnect sends them again");
    q.settled("a");
    q.settled("c");
    assertTrue(q.isDrained());
  }

  @Test
  void theBoundHoldsUntilLinesLeaveTheQueue() {
    SendQueue q = new SendQueue(2);
    assertTrue(q.tryReserve());
    q.add(line(null, "/rooms"));
    assertTrue(q.tryReserve());
    q.add(line("ops", "x"));
    assertFalse(q.tryReserve(), "full");
    q.next(room -> true);
    assertTrue(q.tryReserve(), "a line taken for sealing frees its place");
  }

  @Test
  void partingDropsTheRoomsLinesAndFramesOnly() {
    SendQueue q = new SendQueue(10);
    q.tryReserve();
    q.add(line("ops", "sealed in ops"));
    q.next(room -> true);
    q.sealed(List.of(frame("k", "ops", null), frame("m", "ops", "sealed in ops")));
    q.tryReserve();
    q.add(line("ops", "queued in ops"));
    q.tryReserve();
    q.add(line("lobby", "queued in lobby"));
    assertEquals(List.of("sealed in ops", "queued in ops"), q.dropRoom("ops"));
    assertEquals(List.of("queued in lobby"), q.unsent());
    assertEquals(0, q.pendingCount());
    assertFalse(q.isDrained());
  }
}
