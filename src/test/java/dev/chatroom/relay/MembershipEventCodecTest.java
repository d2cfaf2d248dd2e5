package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The wire form of membership events between nodes: every field survives, bad input is refused. */
class MembershipEventCodecTest {
  private final MembershipEventCodec codec = new MembershipEventCodec();

  static Stream<MembershipEvent> events() {
    Membership.Member plain = MemberReplicaTest.member("lobby", "alice", "node-1", "session-1");
    Membership.Member odd = new Membership.Member("r\u00e9union", "bob_2", "MII" + "A".repeat(700), "",
        "0a1b2c3d-node", "s");
    return Stream.of(new MembershipEvent.Joined(plain), new MembershipEvent.Left(plain),
        new MembershipEvent.Joined(odd), new MembershipEvent.Left(odd));
  }

  @ParameterizedTest
  @MethodSource("events")
  void anEventComesBackEqualAfterOtherBytes(MembershipEvent event) {
    Buffer wire = Buffer.buffer("some header the event bus put first");
    int pos = wire.length();
    codec.encodeToWire(wire, event);
    MembershipEvent back = codec.decodeFromWire(pos, wire);
    assertEquals(event, back, "kind and all six fields");
    assertEquals(event.getClass(), back.getClass());
  }

  @ParameterizedTest
  @MethodSource("events")
  void aLocalDeliveryPassesTheRecordItself(MembershipEvent event) {
    assertSame(event, codec.transform(event));
  }

  @Test
  void anotherFormatVersionIsRefusedWithAReason() {
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, events().findFirst().orElseThrow());
    wire.setByte(0, (byte) (MembershipEventCodec.VERSION + 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decodeFromWire(0, wire));
    assertTrue(e.getMessage().contains("same relay version"), e.getMessage());
  }

  @Test
  void anUnknownKindOrATruncatedEventIsRefused() {
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, events().findFirst().orElseThrow());
    Buffer badKind = wire.copy().setByte(1, (byte) 9);
    assertThrows(IllegalArgumentException.class, () -> codec.decodeFromWire(0, badKind));
    Buffer truncated = wire.getBuffer(0, wire.length() - 3);
    assertThrows(IllegalArgumentException.class, () -> codec.decodeFromWire(0, truncated));
    Buffer hugeLength = wire.copy().setInt(2, Integer.MAX_VALUE);
    assertThrows(IllegalArgumentException.class, () -> codec.decodeFromWire(0, hugeLength));
  }

  @Test
  void theEventBusAddressCarriesTheFormatVersion() {
    // nodes of another event format must not receive events they would misread
    assertTrue(Membership.ADDRESS.endsWith(".v" + MembershipEventCodec.VERSION), Membership.ADDRESS);
  }
}
