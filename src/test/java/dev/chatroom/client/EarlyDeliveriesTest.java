package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A hostile relay cannot make the client hold more than a few deliveries before welcomes. */
class EarlyDeliveriesTest {
  private static Frame.Delivery in(String room, long seq) {
    return new Frame.Delivery(room, seq, new Frame.GroupMessage("id-" + seq, room, "bob", 0,
        "0123456789abcdef0123456789abcdef", seq, "gAAAAABgroup", "sig"));
  }

  @Test
  void holdsAFewInAllRoomsTogetherAndGivesThemBackInOrder() {
    EarlyDeliveries early = new EarlyDeliveries();
    for (int i = 0; i < EarlyDeliveries.MAX_HELD; i++) {
      assertTrue(early.hold(in(i % 2 == 0 ? "a" : "b", i)));
    }
    assertFalse(early.hold(in("c", 99)), "past the cap nothing more is held");
    List<Frame.Delivery> a = early.take("a");
    assertEquals(EarlyDeliveries.MAX_HELD / 2, a.size());
    assertEquals(0, a.get(0).seq());
    assertEquals(2, a.get(1).seq());
    assertEquals(List.of(), early.take("a"), "taken once");
    assertTrue(early.hold(in("c", 100)), "taking frees room under the cap");
    early.clear();
    assertEquals(List.of(), early.take("b"));
    assertEquals(List.of(), early.take("c"));
  }
}
