package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageOpener;
import dev.chatroom.crypto.OutboxStore;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.PublicKeys;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The outbox across a restart, against a scripted relay that shows exactly what the client
 * writes: a client killed with frames not acked sends them again first, byte for byte, then new
 * lines; lines still queued at exit are sealed and kept (never as text); a damaged outbox
 * stops the client with one sentence and stays as it was.
 */
class OutboxRestartTest extends ClientTestBase {
  /** A child JVM's first words, on two cores shared with other work. */
  private static final long STARTUP_MS = ChatProcess.WAIT_MS * 4;
  private static Identity bob;

  @BeforeAll
  static void keys() throws Exception {
    bob = TestIdentities.fresh();
  }

  /**
   * bob is a version 1 member here, so each line is one {@code message} the test opens as bob;
   * the outbox keeps sender_key and group_message frames the same way (GroupChatTest).
   */
  private static void readyInLobby(FakeRelay relay, long seq) throws Exception {
    relay.send(new Frame.Ready("alice", List.of("lobby")));
    relay.send(new Frame.Welcome("alice", "lobby", List.of(new Frame.Member("bob", bob.encKey(), bob.sigKey(), 1, true)), seq));
    relay.send(new Frame.Synced("lobby", seq));
  }

  private static Frame.Message message(String line) throws Exception {
    return assertInstanceOf(Frame.Message.class, FrameCodec.decode(line.getBytes(StandardCharsets.UTF_8)));
  }

  /** Polls the file a crash would leave, with a deadline: the acks' removal is batched. */
  private static void awaitOutbox(Path dir, List<String> ids) throws Exception {
    long deadline = System.currentTimeMillis() + ChatProcess.WAIT_MS;
    List<String> got = List.of();
    while (System.currentTimeMillis() < deadline) {
      got = OutboxStore.readFile(dir).stream().map(OutboxStore.Entry::id).toList();
      if (got.equals(ids)) {
        return;
      }
      Thread.sleep(20); // a file's content has no event to wait on
    }
    fail("outbox holds " + got + ", expected " + ids);
  }

  @Test
  @Timeout(90)
  void aKilledClientResendsWhatWasNotAckedFirstByteForByteThenNewLines() throws Exception {
    Path dir = identity("alice");
    try (FakeRelay relay = new FakeRelay()) {
      ChatProcess alice = ChatProcess.start(relay.port(), "alice", dir);
      closeables.add(alice);
      relay.acceptV2();
      readyInLobby(relay, 0);
      alice.awaitErr("joined lobby as alice; here: bob", 1, STARTUP_MS);
      alice.type("m1", "m2", "m3", "m4", "m5");
      List<String> first = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        first.add(relay.nextLine());
      }
      relay.send(new Frame.Ack(message(first.get(0)).id(), List.of(), "lobby", 1L));
      relay.send(new Frame.Ack(message(first.get(1)).id(), List.of(), "lobby", 2L));
      List<String> unacked = new ArrayList<>();
      for (String line : first.subList(2, 5)) {
        unacked.add(message(line).id());
      }
      awaitOutbox(dir, unacked);
      alice.kill();

      ChatProcess again = ChatProcess.start(relay.port(), "alice", dir);
      closeables.add(again);
      Frame.Hello hello = relay.acceptV2();
      again.awaitErr("3 messages not acked in the last run are sent again first", 1, STARTUP_MS);
      again.type("typed after the restart");
      readyInLobby(relay, 2);
      List<String> resent = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        resent.add(relay.nextLine());
      }
      assertEquals(first.subList(2, 5), resent.subList(0, 3), "the unacked frames first, in order, byte for byte");
      Frame.Message fresh = message(resent.get(3));
      assertFalse(unacked.contains(fresh.id()));
      assertEquals("typed after the restart", open(fresh, hello));
      for (int i = 0; i < 4; i++) {
        relay.send(new Frame.Ack(message(resent.get(i)).id(), List.of(), "lobby", (long) i + 3));
      }
      assertEquals(0, again.finish(), String.join("\n", again.err()));
      assertEquals(List.of(), OutboxStore.readFile(dir), "all acked: nothing kept");
    }
  }

  /** Opened as bob would: it verifies with the sender's key from its hello. */
  private static String open(Frame.Message m, Frame.Hello sender) throws Exception {
    byte[] json = new MessageOpener().open(m, PublicKeys.parseEd25519(sender.sigKey()), "bob", bob.rsa().getPrivate());
    return Payload.decode(json).text();
  }

  @Test
  @Timeout(90)
  void linesStillQueuedAtExitAreSealedToTheMembersLastKnownAndSentAtTheNextStart() throws Exception {
    Path dir = identity("alice");
    List<OutboxStore.Entry> kept;
    try (FakeRelay relay = new FakeRelay()) {
      ChatProcess alice = ChatProcess.start(ChatProcess.GIVE_UP_SOON, relay.port(), "alice", dir);
      closeables.add(alice);
      relay.acceptV2();
      readyInLobby(relay, 0);
      alice.awaitErr("joined lobby as alice; here: bob", 1, STARTUP_MS);
      relay.close(); // the relay is gone; reconnects are refused
      alice.awaitErr("lost; reconnecting in");
      alice.type("while away 1", "while away 2");
      alice.awaitErr("queued until reconnected");
      assertEquals(1, alice.finish(), "not delivered in this run");
      assertEquals(1, alice.errCount("kept in the outbox for the next start: while away 2"), String.join("\n", alice.err()));
      kept = OutboxStore.readFile(dir);
      assertEquals(2, kept.size());
      String onDisk = Files.readString(dir.resolve(OutboxStore.FILE), StandardCharsets.ISO_8859_1);
      assertFalse(onDisk.contains("while away"), "sealed, never as text");
    }
    try (FakeRelay later = new FakeRelay()) {
      ChatProcess again = ChatProcess.start(later.port(), "alice", dir);
      closeables.add(again);
      Frame.Hello hello = later.acceptV2();
      readyInLobby(later, 0);
      List<String> texts = new ArrayList<>();
      for (OutboxStore.Entry e : kept) {
        String line = later.nextLine();
        assertArrayEquals(e.frame(), (line + "\n").getBytes(StandardCharsets.UTF_8));
        Frame.Message m = message(line);
        assertEquals(Set.of("bob"), m.encryptedKeys().keySet(), "to the members last known");
        texts.add(open(m, hello));
        later.send(new Frame.Ack(m.id(), List.of(), "lobby", (long) texts.size()));
      }
      assertEquals(List.of("while away 1", "while away 2"), texts);
      assertEquals(0, again.finish(), String.join("\n", again.err()));
    }
  }

  @Test
  @Timeout(60)
  void aSigtermSealsTheLinesStillQueuedIntoTheOutboxToo() throws Exception {
    Path dir = identity("alice");
    try (FakeRelay relay = new FakeRelay()) {
      ChatProcess alice = ChatProcess.start(relay.port(), "alice", dir);
      closeables.add(alice);
      relay.acceptV2();
      readyInLobby(relay, 0);
      alice.awaitErr("joined lobby as alice; here: bob", 1, STARTUP_MS);
      relay.close();
      alice.awaitErr("lost; reconnecting in");
      alice.type("before the TERM");
      alice.awaitErr("queued until reconnected");
      alice.terminate();
    }
    List<OutboxStore.Entry> kept = OutboxStore.readFile(dir);
    assertEquals(1, kept.size());
    assertEquals(Set.of("bob"), message(new String(kept.get(0).frame(), StandardCharsets.UTF_8).trim())
        .encryptedKeys().keySet());
  }

  @Test
  @Timeout(60)
  void linesTypedWithoutEverReachingTheRelayAreCountedAsDiscardedAtExit() throws Exception {
    Path dir = identity("alice");
    int port;
    try (FakeRelay gone = new FakeRelay()) {
      port = gone.port();
    }
    ChatProcess alice = ChatProcess.start(ChatProcess.GIVE_UP_SOON, port, "alice", dir);
    closeables.add(alice);
    alice.type("never sealed 1", "never sealed 2");
    assertEquals(1, alice.finish());
    assertEquals(1, alice.errCount("2 typed lines are discarded"), String.join("\n", alice.err()));
    assertEquals(1, alice.errCount("not sent: never sealed 2"));
    assertEquals(List.of(), OutboxStore.readFile(dir));
  }

  @Test
  @Timeout(60)
  void aDamagedOutboxIsOneSentenceAndExitTwoAndTheFileIsLeftAsItIs() throws Exception {
    Path dir = identity("alice");
    byte[] damaged = "chatroom-outbox-v1\nalice lobby not-a-frame m AAAA\n".getBytes(StandardCharsets.US_ASCII);
    Files.write(dir.resolve(OutboxStore.FILE), damaged);
    try (FakeRelay relay = new FakeRelay()) {
      ChatProcess alice = ChatProcess.start(relay.port(), "alice", dir);
      closeables.add(alice);
      assertEquals(2, alice.finish());
      assertEquals(List.of("chatroom: " + dir.resolve(OutboxStore.FILE) + " is damaged (line 2: not a frame);"
          + " it holds messages not yet sent, so it was left as it is: move it away to start without them"), alice.err());
      assertTrue(relay.nothingPending(), "it never connected");
    }
    assertArrayEquals(damaged, Files.readAllBytes(dir.resolve(OutboxStore.FILE)));
  }
}
