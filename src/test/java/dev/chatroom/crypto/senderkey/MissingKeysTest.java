package dev.chatroom.crypto.senderkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The undecryptable-message counter stays bounded and warns once per sender and epoch. */
class MissingKeysTest {
  private static final String E1 = "00000000000000000000000000000001";
  private static final String E2 = "00000000000000000000000000000002";

  @Test
  void oneWarningPerSenderAndEpochWithItsCount() {
    MissingKeys m = new MissingKeys();
    m.record("lobby", "alice", E1);
    m.record("lobby", "alice", E1);
    m.record("lobby", "alice", E2);
    m.record("lobby", "bob", E1);
    var warnings = m.takeWarnings();
    assertEquals(3, warnings.size());
    assertEquals("2 messages from alice could not be decrypted: alice's key for this room never"
        + " reached this device.", warnings.get(0).text());
    assertEquals("1 message from alice could not be decrypted: alice's key for this room never"
        + " reached this device.", warnings.get(1).text());
    m.record("lobby", "alice", E1);
    assertTrue(m.takeWarnings().isEmpty());
  }

  @Test
  void aKeyThatArrivesLateClearsTheCount() {
    MissingKeys m = new MissingKeys();
    m.record("lobby", "alice", E1);
    m.keyArrived("lobby", "alice", E1);
    assertEquals(0, m.count("lobby", "alice", E1));
    assertTrue(m.takeWarnings().isEmpty());
  }

  @Test
  void entriesAndCountsAreBounded() {
    MissingKeys m = new MissingKeys();
    for (int i = 0; i <= MissingKeys.MAX_TRACKED; i++) {
      m.record("lobby", "n" + i, E1);
    }
    assertEquals(0, m.count("lobby", "n0", E1), "the least recent entry was forgotten");
    assertEquals(MissingKeys.MAX_TRACKED, m.takeWarnings().size());
    for (int i = 0; i < MissingKeys.MAX_COUNT + 10; i++) {
      m.record("ops", "alice", E2);
    }
    assertEquals(MissingKeys.MAX_COUNT, m.count("ops", "alice", E2));
    assertTrue(m.takeWarnings().get(0).text().startsWith("More than 1000000 messages from alice"));
  }
}
