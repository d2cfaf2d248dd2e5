package dev.chatroom.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Event-bus addresses become a few fixed label values: no node id, nothing unlisted. */
class ObservabilityTest {
  @ParameterizedTest
  @CsvSource({
      "chatroom.membership, chatroom.membership",
      "chatroom.membership.v1, chatroom.membership",
      "chatroom.membership.v12, chatroom.membership",
      "chatroom.membership.vx, other",
      "chatroom.node.0b7e6a8e-4b1c-4c3e-9f00-1234567890ab, chatroom.node",
      "chatroom.node.0b7e6a8e-4b1c-4c3e-9f00-1234567890ab.flush, chatroom.node.flush",
      "chatroom.room.secret-room, other",
      "chatroom.membershipx, other",
      "some.library.address, other"})
  void addressesAreReducedToTheirKind(String address, String label) {
    assertEquals(label, Observability.addressKind(address));
  }
}
