package dev.chatroom.crypto.senderkey;

import static dev.chatroom.crypto.senderkey.Members.CLOCK;
import static dev.chatroom.crypto.senderkey.Members.identity;
import static dev.chatroom.crypto.senderkey.Members.peer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.senderkey.GroupRejected.Reason;
import dev.chatroom.crypto.senderkey.Members.Receiver;
import dev.chatroom.protocol.Frame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The state file: round trip, restart, forward secrecy on disk, damage refused whole. */
class SenderKeyStoreTest {
  private static final char[] PASS = "correct horse battery staple".toCharArray();
  private static final int FAST = SenderKeyStore.MIN_ITERATIONS;

  @TempDir
  Path dir;

  private final GroupSealer sealer = new GroupSealer(CLOCK);
  private SenderKeyState aliceState;
  private SenderChain chain;
  private byte[] ck0;
  private final List<Frame.GroupMessage> sent = new ArrayList<>();

  @BeforeEach
  void aliceSendsTen() throws Exception {
    aliceState = SenderKeyState.empty();
    chain = aliceState.mine().rotate("lobby", CLOCK);
    ck0 = chain.chainKeyCopy();
  }

  private Receiver bobWithKey() throws Exception {
    Receiver bob = new Receiver("bob");
    bob.accept(sealer.distribute(identity("alice"), "alice", chain, List.of(peer("bob"))).get(0),
        "alice");
    for (int i = 0; i < 10; i++) {
      sent.add(sealer.seal(identity("alice"), "alice", chain, Payload.text("m" + i)));
    }
    return bob;
  }

  private SenderKeyStore store(char[] passphrase) throws CryptoException {
    return SenderKeyStore.open(dir, passphrase == null ? null : passphrase.clone(), FAST);
  }

  private static SenderKeyState stateOf(Receiver r) {
    return new SenderKeyState(new SenderChains(), r.keys);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aRestartLosesNothingAndReplaysNothing(boolean encrypted) throws Exception {
    char[] pass = encrypted ? PASS : null;
    Receiver bob = bobWithKey();
    assertEquals("m0", bob.open(sent.get(0), "alice"));
    assertEquals("m3", bob.open(sent.get(3), "alice")); // 1 and 2 skipped
    store(pass).save(stateOf(bob));
    Path file = dir.resolve(SenderKeyStore.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    Receiver restarted = new Receiver("bob", store(pass).load().others());
    for (int i : new int[] {0, 3}) {
      assertEquals(Reason.REPLAY,
          assertThrows(GroupRejected.class, () -> restarted.open(sent.get(i), "alice")).reason());
    }
    assertEquals("m2", restarted.open(sent.get(2), "alice"), "a skipped key survived");
    assertEquals("m1", restarted.open(sent.get(1), "alice"));
    assertEquals("m4", restarted.open(sent.get(4), "alice"), "the chain went on from 4");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void mySenderChainContinuesAfterARestart(boolean encrypted) throws Exception {
    char[] pass = encrypted ? PASS : null;
    Receiver bob = bobWithKey();
    store(pass).save(aliceState);
    SenderKeyState restored = store(pass).load();
    SenderChain again = restored.mine().get("lobby").orElseThrow();
    assertEquals(chain.epoch(), again.epoch());
    assertEquals(10, again.index());
    assertEquals(chain.facts(), again.facts());
    Frame.GroupMessage next = sealer.seal(identity("alice"), "alice", again, Payload.text("m10"));
    assertEquals(10, next.index());
    assertEquals("m10", bob.open(next, "alice"));
  }

  @Test
  void afterOpeningMessageIThePersistedStateCannotDeriveAnyEarlierKey() throws Exception {
    Receiver bob = bobWithKey();
    int[] opened = {0, 1, 2, 5, 3};
    for (int i : opened) {
      bob.open(sent.get(i), "alice");
    }
    SenderKeyStore plain = store(null);
    plain.save(stateOf(bob));
    byte[] file = Files.readAllBytes(plain.file());
    byte[][] ck = new byte[11][];
    ck[0] = ck0.clone();
    for (int j = 1; j <= 10; j++) {
      ck[j] = Ratchet.nextChainKey(ck[j - 1]);
    }
    for (int j = 0; j <= 5; j++) {
      assertFalse(contains(file, ck[j]), "CK_" + j + " is still on disk");
      if (j != 4) {
        assertFalse(contains(file, Ratchet.messageKey(ck[j])), "MK_" + j + " is still on disk");
      }
    }
    assertTrue(contains(file, Ratchet.messageKey(ck[4])), "the unused skipped key is kept");
    assertTrue(contains(file, ck[6]), "the chain stands at 6");
    bob.open(sent.get(4), "alice");
    plain.save(stateOf(bob));
    assertFalse(contains(Files.readAllBytes(plain.file()), Ratchet.messageKey(ck[4])),
        "a skipped key used since is gone from the file");

    // The sender's own file: after sealing 0..9 only CK_10 remains.
    plain.save(aliceState);
    byte[] mine = Files.readAllBytes(plain.file());
    for (int j = 0; j < 10; j++) {
      assertFalse(contains(mine, ck[j]));
      assertFalse(contains(mine, Ratchet.messageKey(ck[j])));
    }
    assertTrue(contains(mine, ck[10]));
  }

  @Test
  void anEncryptedFileHoldsNoKeyInTheClearAndAFreshIvPerWrite() throws Exception {
    SenderKeyStore s = store(PASS);
    s.save(aliceState);
    byte[] first = Files.readAllBytes(s.file());
    s.save(aliceState);
    byte[] second = Files.readAllBytes(s.file());
    assertFalse(contains(first, ck0));
    assertEquals("CRSK", new String(first, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    // Same salt and iteration count (the key is derived once), a different IV.
    assertArrayEquals(Arrays.copyOfRange(first, 0, 26), Arrays.copyOfRange(second, 0, 26));
    assertNotEquals(Arrays.toString(Arrays.copyOfRange(first, 26, 38)),
        Arrays.toString(Arrays.copyOfRange(second, 26, 38)));
  }

  @Test
  void aNewFileUsesTheKeyFilesIterationCount() throws Exception {
    SenderKeyStore s = SenderKeyStore.open(dir, PASS.clone());
    s.save(aliceState);
    byte[] data = Files.readAllBytes(s.file());
    assertEquals(600_000, java.nio.ByteBuffer.wrap(data, 6, 4).getInt());
    assertEquals(chain.epoch(),
        SenderKeyStore.open(dir, PASS.clone()).load().mine().get("lobby").orElseThrow().epoch());
  }

  @Test
  void noFileIsAnEmptyState() throws Exception {
    assertTrue(store(PASS).load().mine().get("lobby").isEmpty());
    assertEquals(0, store(null).load().others().totalSkipped());
  }

  @Test
  void aWrongPassphraseIsRefused() throws Exception {
    store(PASS).save(aliceState);
    CryptoException e = assertThrows(CryptoException.class,
        () -> store("wrong".toCharArray()).load());
    assertOneSentence(e);
  }

  @Test
  void aPlainFileBesideAnEncryptedIdentityIsRefused() throws Exception {
    store(null).save(aliceState);
    CryptoException e = assertThrows(CryptoException.class, () -> store(PASS).load());
    assertTrue(e.getMessage().contains("not encrypted"), e.getMessage());
  }

  @Test
  void anEncryptedFileNeedsThePassphrase() throws Exception {
    store(PASS).save(aliceState);
    CryptoException e = assertThrows(CryptoException.class, () -> store(null).load());
    assertTrue(e.getMessage().contains("passphrase"), e.getMessage());
  }

  @Test
  void aFileOthersCanReadIsRefused() throws Exception {
    store(null).save(aliceState);
    Files.setPosixFilePermissions(dir.resolve(SenderKeyStore.FILE),
        PosixFilePermissions.fromString("rw-r--r--"));
    CryptoException e = assertThrows(CryptoException.class, () -> store(null).load());
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  /** Every single-byte change and several truncations, in both modes, refuse the whole file. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aTamperedOrTruncatedFileIsRefusedWhole(boolean encrypted) throws Exception {
    char[] pass = encrypted ? PASS : null;
    Receiver bob = bobWithKey();
    bob.open(sent.get(2), "alice");
    store(pass).save(stateOf(bob));
    Path file = dir.resolve(SenderKeyStore.FILE);
    byte[] good = Files.readAllBytes(file);
    SenderKeyStore reader = store(pass); // derived from the good file's header
    List<byte[]> bad = new ArrayList<>();
    for (int at = 0; at < good.length; at += Math.max(1, good.length / 97)) {
      byte[] flipped = good.clone();
      flipped[at] ^= 0x01;
      bad.add(flipped);
    }
    byte[] lastFlipped = good.clone();
    lastFlipped[good.length - 1] ^= (byte) 0x80;
    bad.add(lastFlipped);
    for (int len : new int[] {0, 3, 6, 26, 38, good.length / 2, good.length - 1}) {
      bad.add(Arrays.copyOf(good, len));
    }
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    bad.add(longer);
    for (byte[] b : bad) {
      Files.write(file, b);
      CryptoException e = assertThrows(CryptoException.class, reader::load);
      assertOneSentence(e);
    }
    Files.write(file, good);
    Receiver again = new Receiver("bob", reader.load().others());
    assertEquals("m3", again.open(sent.get(3), "alice"), "the good file still loads");
  }

  @Test
  void aFullStateStaysWithinTheFileBound() throws Exception {
    ReceiverKeys full = new ReceiverKeys();
    byte[] key = new byte[32];
    String signer = "B".repeat(60);
    for (int s = 0; s < ReceiverKeys.MAX_SENDERS; s++) {
      for (int e = 0; e < ReceiverKeys.MAX_EPOCHS_PER_SENDER + ReceiverKeys.MAX_RETIRED_EPOCHS; e++) {
        full.add("r".repeat(64), "n" + s + "x".repeat(20), EpochId.random(), signer, key.clone(), 0);
      }
    }
    for (int s = 0; s < ReceiverKeys.MAX_TOTAL_MESSAGE_KEYS / ReceiverKeys.MAX_MESSAGE_KEYS; s++) {
      String from = "n" + s + "x".repeat(20);
      String epoch = full.newestEpoch("r".repeat(64), from).orElseThrow();
      full.open("r".repeat(64), from, epoch, signer, ReceiverKeys.MAX_MESSAGE_KEYS, mk -> null);
    }
    SenderKeyStore s = store(null);
    s.save(new SenderKeyState(new SenderChains(), full));
    long size = Files.size(s.file());
    assertTrue(size < SenderKeyStore.MAX_FILE_BYTES, "state file of " + size + " bytes");
    assertEquals(ReceiverKeys.MAX_TOTAL_MESSAGE_KEYS, s.load().others().totalSkipped());
    System.out.println("full receiver state file: " + size + " bytes");
  }

  private static void assertOneSentence(CryptoException e) {
    String m = e.getMessage();
    assertTrue(m.endsWith(".") && m.indexOf('\n') < 0, m);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
