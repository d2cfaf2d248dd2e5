package dev.chatroom.crypto.senderkey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.senderkey.GroupRejected.Reason;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every receiver limit at its edge, on the real ratchet (no signatures needed below verify). */
class ReceiverLimitsTest {
  private static final String SIGNER = "A".repeat(60);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A sender's CK_0 and what a receiver should derive from it. */
  private static final class SenderSide {
    final byte[] ck0 = new byte[32];
    final String epoch = EpochId.random();

    SenderSide() {
      RANDOM.nextBytes(ck0);
    }

    byte[] mk(long index) {
      byte[] ck = ck0.clone();
      for (long i = 0; i < index; i++) {
        ck = Ratchet.nextChainKey(ck);
      }
      return Ratchet.messageKey(ck);
    }
  }

  private static byte[] take(ReceiverKeys keys, SenderSide s, long index) throws GroupRejected {
    return take(keys, "lobby", "alice", s, index);
  }

  private static byte[] take(ReceiverKeys keys, String room, String from, SenderSide s,
                             long index) throws GroupRejected {
    return keys.open(room, from, s.epoch, SIGNER, index, byte[]::clone);
  }

  private static ReceiverKeys holding(SenderSide s) throws GroupRejected {
    ReceiverKeys keys = new ReceiverKeys();
    keys.add("lobby", "alice", s.epoch, SIGNER, s.ck0.clone(), 0);
    return keys;
  }

  @Test
  void theMessageKeysAreTheRatchetsKeys() throws Exception {
    SenderSide s = new SenderSide();
    ReceiverKeys keys = holding(s);
    for (long i : new long[] {0, 1, 5, 3}) {
      assertArrayEquals(s.mk(i), take(keys, s, i));
    }
  }

  @Test
  void aJumpOfExactlyMaxForwardJumpsOpensAndOneMoreDoesNot() throws Exception {
    SenderSide s = new SenderSide();
    ReceiverKeys keys = holding(s);
    GroupRejected e = assertThrows(GroupRejected.class,
        () -> take(keys, s, ReceiverKeys.MAX_FORWARD_JUMPS + 1));
    assertEquals(Reason.TOO_FAR_AHEAD, e.reason());
    assertEquals(0, keys.totalSkipped(), "a refused jump changes nothing");
    assertArrayEquals(s.mk(0), take(keys, s, 0), "the chain did not move");
    // From index 1, MAX_FORWARD_JUMPS ahead is allowed.
    assertArrayEquals(s.mk(1 + ReceiverKeys.MAX_FORWARD_JUMPS),
        take(keys, s, 1 + ReceiverKeys.MAX_FORWARD_JUMPS));
  }

  @Test
  void atMostMaxMessageKeysSkippedKeysAreKeptOldestDroppedFirst() throws Exception {
    SenderSide s = new SenderSide();
    ReceiverKeys keys = holding(s);
    int skip = ReceiverKeys.MAX_MESSAGE_KEYS + 500;
    take(keys, s, skip);
    assertEquals(ReceiverKeys.MAX_MESSAGE_KEYS, keys.totalSkipped());
    assertEquals(Reason.REPLAY, assertThrows(GroupRejected.class,
        () -> take(keys, s, 499)).reason(), "the oldest skipped keys are gone");
    assertArrayEquals(s.mk(500), take(keys, s, 500), "the newest 2,000 are kept");
    assertArrayEquals(s.mk(skip - 1), take(keys, s, skip - 1));
    assertEquals(ReceiverKeys.MAX_MESSAGE_KEYS - 2, keys.totalSkipped());
  }

  @Test
  void aSkippedKeyIsDeletedOnceUsed() throws Exception {
    SenderSide s = new SenderSide();
    ReceiverKeys keys = holding(s);
    take(keys, s, 3);
    assertEquals(3, keys.totalSkipped());
    take(keys, s, 1);
    assertEquals(2, keys.totalSkipped());
    assertEquals(Reason.REPLAY, assertThrows(GroupRejected.class, () -> take(keys, s, 1)).reason());
  }

  @Test
  void aFailedUseSpendsNothing() throws Exception {
    SenderSide s = new SenderSide();
    ReceiverKeys keys = holding(s);
    assertThrows(GroupRejected.class, () -> keys.open("lobby", "alice", s.epoch, SIGNER, 4,
        mk -> {
          throw new GroupRejected(Reason.DECRYPT_FAILED, "bad token");
        }));
    assertEquals(0, keys.totalSkipped());
    assertArrayEquals(s.mk(4), take(keys, s, 4));
    assertEquals(4, keys.totalSkipped());
  }

  @Test
  void aSixthEpochDropsTheOldestAndItsKeyCannotComeBack() throws Exception {
    ReceiverKeys keys = new ReceiverKeys();
    List<SenderSide> epochs = new ArrayList<>();
    for (int i = 0; i <= ReceiverKeys.MAX_EPOCHS_PER_SENDER; i++) {
      SenderSide s = new SenderSide();
      epochs.add(s);
      assertEquals(ReceiverKeys.Added.ADDED,
          keys.add("lobby", "alice", s.epoch, SIGNER, s.ck0.clone(), 0));
    }
    SenderSide oldest = epochs.get(0);
    assertFalse(keys.holds("lobby", "alice", oldest.epoch));
    for (SenderSide s : epochs.subList(1, epochs.size())) {
      assertTrue(keys.holds("lobby", "alice", s.epoch));
    }
    assertEquals(Reason.UNKNOWN_EPOCH,
        assertThrows(GroupRejected.class, () -> take(keys, oldest, 0)).reason());
    // A replayed sender_key for the dropped epoch would rewind it: refused.
    assertEquals(Reason.RETIRED_EPOCH, assertThrows(GroupRejected.class,
        () -> keys.add("lobby", "alice", oldest.epoch, SIGNER, oldest.ck0.clone(), 0)).reason());
    assertEquals(epochs.get(epochs.size() - 1).epoch,
        keys.newestEpoch("lobby", "alice").orElseThrow());
  }

  @Test
  void epochsAreCountedPerRoomAndSender() throws Exception {
    ReceiverKeys keys = new ReceiverKeys();
    SenderSide first = new SenderSide();
    keys.add("lobby", "alice", first.epoch, SIGNER, first.ck0.clone(), 0);
    for (int i = 0; i < ReceiverKeys.MAX_EPOCHS_PER_SENDER; i++) {
      SenderSide s = new SenderSide();
      keys.add("ops", "alice", s.epoch, SIGNER, s.ck0.clone(), 0);
      keys.add("lobby", "bob", s.epoch, SIGNER, s.ck0.clone(), 0);
    }
    assertTrue(keys.holds("lobby", "alice", first.epoch));
  }

  @Test
  void skippedKeysAcrossAllChainsStayUnderTheTotalLeastRecentSenderFirst() throws Exception {
    ReceiverKeys keys = new ReceiverKeys();
    int senders = ReceiverKeys.MAX_TOTAL_MESSAGE_KEYS / ReceiverKeys.MAX_MESSAGE_KEYS + 1;
    List<SenderSide> sides = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      SenderSide s = new SenderSide();
      sides.add(s);
      keys.add("lobby", "m" + i, s.epoch, SIGNER, s.ck0.clone(), 0);
      take(keys, "lobby", "m" + i, s, ReceiverKeys.MAX_MESSAGE_KEYS);
    }
    assertEquals(ReceiverKeys.MAX_TOTAL_MESSAGE_KEYS, keys.totalSkipped());
    // The first sender's keys went: it was least recently used.
    assertEquals(Reason.REPLAY, assertThrows(GroupRejected.class,
        () -> take(keys, "lobby", "m0", sides.get(0), ReceiverKeys.MAX_MESSAGE_KEYS - 1)).reason());
    SenderSide last = sides.get(senders - 1);
    assertArrayEquals(last.mk(0), take(keys, "lobby", "m" + (senders - 1), last, 0));
  }

  @Test
  void theLeastRecentlyUsedSenderIsForgottenBeyondMaxSenders() throws Exception {
    ReceiverKeys keys = new ReceiverKeys();
    SenderSide s = new SenderSide();
    for (int i = 0; i <= ReceiverKeys.MAX_SENDERS; i++) {
      keys.add("lobby", "m" + i, s.epoch, SIGNER, s.ck0.clone(), 0);
      if (i == 0) {
        continue;
      }
      // Keep m1 recently used, so m0 is the one forgotten.
      keys.holds("lobby", "m1", s.epoch);
    }
    assertFalse(keys.holds("lobby", "m0", s.epoch));
    assertTrue(keys.holds("lobby", "m1", s.epoch));
    assertTrue(keys.holds("lobby", "m" + ReceiverKeys.MAX_SENDERS, s.epoch));
  }
}
