package dev.chatroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageIdsTest {
  @ParameterizedTest
  @CsvSource({"0,0,0", "1,4095,1", "65535,17592186044415,4611686018427387903", "7,4096,123456789"})
  void idsCarrySenderSequenceAndTimeAsAVersion4Uuid(int sender, long seq, long nanos) {
    String text = MessageIds.text(MessageIds.high(sender, seq), MessageIds.low(nanos));
    UUID uuid = UUID.fromString(text);
    assertEquals(4, uuid.version());
    assertEquals(2, uuid.variant());
    byte[] b = ("xx" + text).getBytes(StandardCharsets.US_ASCII);
    long high = MessageIds.readHigh(b, 2);
    assertEquals(sender, MessageIds.sender(high));
    assertEquals(seq, MessageIds.seq(high));
    assertEquals(nanos, MessageIds.intendedNanos(MessageIds.readLow(b, 2)));
  }
}
