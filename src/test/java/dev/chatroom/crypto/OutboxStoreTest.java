package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The unacked frames a restart resends: on disk before sent, only ciphertext, bounded, damage refused. */
class OutboxStoreTest {
  private static final String CAROLS_ID = "7d3f0c1e-2b4a-4c5d-8e6f-0a1b2c3d4e5f";
  private static Identity alice;
  private static Identity bob;
  @TempDir Path dir;

  @BeforeAll
  static void keys() throws Exception {
    alice = TestIdentities.fresh();
    bob = TestIdentities.fresh();
  }

  private static OutboxStore.Entry sealed(String room, String text) throws CryptoException {
    Frame.Message m = new MessageSealer().seal(alice, "alice", room, new Payload(text, false, false).encode(),
        Map.of("bob", bob.rsa().getPublic()));
    return new OutboxStore.Entry("alice", room, m.id(), true, FrameCodec.encode(m));
  }

  private static List<String> ids(List<OutboxStore.Entry> entries) {
    return entries.stream().map(OutboxStore.Entry::id).toList();
  }

  @Test
  void anAddIsOnDiskWhenItCompletesAndARestartReadsTheSameBytesInOrder() throws Exception {
    OutboxStore.Entry a = sealed("ops", "first secret line");
    OutboxStore.Entry b = sealed("lobby", "second secret line");
    try (OutboxStore s = OutboxStore.open(dir)) {
      s.add(List.of(a)).get(10, TimeUnit.SECONDS);
      assertEquals(List.of(a.id()), ids(OutboxStore.readFile(dir)), "written before add completes");
      s.add(List.of(b)).get(10, TimeUnit.SECONDS);
    }
    Path file = dir.resolve(OutboxStore.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String onDisk = Files.readString(file, StandardCharsets.ISO_8859_1);
    assertFalse(onDisk.contains("secret"), "only ciphertext on disk");
    try (OutboxStore again = OutboxStore.open(dir)) {
      List<OutboxStore.Entry> got = again.entries("alice");
      assertEquals(List.of(a.id(), b.id()), ids(got));
      assertArrayEquals(a.frame(), got.get(0).frame(), "byte for byte, for the relay's dedupe");
      assertEquals(List.of(), again.entries("carol"));
    }
  }

  @Test
  void acksAreBatchedAndAnotherNicksFramesStayInTheFile() throws Exception {
    OutboxStore.Entry carols = new OutboxStore.Entry("carol", "ops", CAROLS_ID, true, sealedAsCarol());
    List<OutboxStore.Entry> mine = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      mine.add(sealed("ops", "line " + i));
    }
    try (OutboxStore s = OutboxStore.open(dir)) {
      s.add(List.of(carols));
      s.add(mine).get(10, TimeUnit.SECONDS);
      for (OutboxStore.Entry e : mine.subList(0, 19)) {
        s.remove("alice", e.id());
      }
      s.remove("alice", "no-such-id");
      s.flush();
    }
    List<OutboxStore.Entry> left = OutboxStore.readFile(dir);
    assertEquals(List.of(CAROLS_ID, mine.get(19).id()), ids(left));
  }

  private static byte[] sealedAsCarol() throws CryptoException {
    Frame.Message m = new MessageSealer().seal(bob, "carol", "ops", new Payload("x", false, false).encode(),
        Map.of("bob", bob.rsa().getPublic()));
    return FrameCodec.encode(new Frame.Message(CAROLS_ID, m.room(), m.from(), m.sent(), m.encryptedMessage(),
        m.encryptedKeys(), m.signature()));
  }

  @Test
  void pastItsBoundTheFileKeepsTheOldestThatFitAndSaysSoOnce() throws Exception {
    List<String> notices = new CopyOnWriteArrayList<>();
    List<OutboxStore.Entry> all = new ArrayList<>();
    try (OutboxStore s = OutboxStore.open(dir, 3, 1L << 20)) {
      s.onNotice(notices::add);
      for (int i = 0; i < 5; i++) {
        OutboxStore.Entry e = sealed("ops", "line " + i);
        all.add(e);
        s.add(List.of(e)).get(10, TimeUnit.SECONDS);
      }
      assertEquals(ids(all.subList(0, 3)), ids(OutboxStore.readFile(dir)));
      assertEquals(1, notices.size(), notices.toString());
      assertTrue(notices.get(0).startsWith("the outbox is full (3 messages"), notices.get(0));
      assertEquals(5, s.entries("alice").size(), "the newer ones are still sent from memory");
      s.remove("alice", all.get(0).id());
      s.remove("alice", all.get(1).id());
      s.flush();
      assertEquals(ids(all.subList(2, 5)), ids(OutboxStore.readFile(dir)), "acks make room for them");
    }
  }

  @Test
  void aByteBoundCountsToo() throws Exception {
    OutboxStore.Entry e = sealed("ops", "x");
    try (OutboxStore s = OutboxStore.open(dir, 100, e.frame().length * 2L)) {
      s.add(List.of(e, sealed("ops", "y"), sealed("ops", "z"))).get(10, TimeUnit.SECONDS);
    }
    assertEquals(List.of(e.id()), ids(OutboxStore.readFile(dir)));
  }

  /** Ways a file can be damaged: cut short, a flipped byte, a wrong count, a swapped frame. */
  static Stream<String> damages() {
    return Stream.of("truncate", "flip", "count", "header", "trailing", "swap");
  }

  @ParameterizedTest
  @MethodSource("damages")
  void aDamagedFileIsRefusedInOneSentenceAndLeftAsItIs(String damage) throws Exception {
    try (OutboxStore s = OutboxStore.open(dir)) {
      s.add(List.of(sealed("ops", "a"), sealed("ops", "b"))).get(10, TimeUnit.SECONDS);
    }
    Path file = dir.resolve(OutboxStore.FILE);
    byte[] good = Files.readAllBytes(file);
    String text = new String(good, StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\n");
    byte[] bad = switch (damage) {
      case "truncate" -> Arrays.copyOf(good, good.length - 30);
      case "flip" -> flip(good, lines[0].length() + lines[1].length() - 5);
      case "count" -> (text.replace("\nend 2 ", "\nend 1 ")).getBytes(StandardCharsets.ISO_8859_1);
      case "header" -> text.replaceFirst("v1", "v9").getBytes(StandardCharsets.ISO_8859_1);
      case "trailing" -> (text + "more\n").getBytes(StandardCharsets.ISO_8859_1);
      default -> { // a well-formed file whose line names another room than its frame
        OutboxStore.Entry a = OutboxStore.readFile(dir).get(0);
        yield OutboxFormat.encode(List.of(new OutboxStore.Entry("alice", "lobby", a.id(), true, a.frame())));
      }
    };
    Files.write(file, bad);
    CryptoException e = assertThrows(CryptoException.class, () -> OutboxStore.open(dir));
    assertTrue(e.getMessage().startsWith(file + " is damaged (line "), e.getMessage());
    assertTrue(e.getMessage().endsWith("so it was left as it is: move it away to start without them"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one sentence");
    assertArrayEquals(bad, Files.readAllBytes(file), "nothing lost");
  }

  private static byte[] flip(byte[] data, int at) {
    byte[] copy = data.clone();
    copy[at] = (byte) (copy[at] == 'A' ? 'B' : 'A');
    return copy;
  }

  @Test
  void aMissingFileIsAnEmptyOutboxAndNothingIsWrittenUntilAFrameIs() throws Exception {
    try (OutboxStore s = OutboxStore.open(dir)) {
      assertEquals(0, s.size());
    }
    assertFalse(Files.exists(dir.resolve(OutboxStore.FILE)));
  }
}
