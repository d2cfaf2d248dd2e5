package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The version 2 client against a scripted relay, where a failure must be provoked: a refusal of
 * version 2, {@code replaced}, deliveries at or below {@code since}, a lost history, a delivery
 * before the welcome of our join, and a connection cut mid-burst (every unacked frame resent byte
 * for byte).
 */
class V2FakeRelayTest extends ClientTestBase {
  private static Identity bob;

  @BeforeAll
  static void keys() throws Exception {
    bob = TestIdentities.fresh();
  }

  private static Frame.Member bobMember() {
    return new Frame.Member("bob", bob.encKey(), bob.sigKey(), 2, true);
  }

  /** Ready for lobby, its welcome at {@code seq} with bob, and synced. */
  private static void readyInLobby(FakeRelay relay, long seq) throws Exception {
    relay.send(new Frame.Ready("alice", List.of("lobby")));
    relay.send(new Frame.Welcome("alice", "lobby", List.of(bobMember()), seq));
    relay.send(new Frame.Synced("lobby", seq));
  }

  @Test
  @Timeout(60)
  void aRelayWithoutVersionTwoIsOneSentenceThatNamesTheFlagAndExitTwo() throws Exception {
    try (FakeRelay relay = new FakeRelay()) {
      ChatProcess alice = ChatProcess.start(relay.port(), "alice", identity("alice"));
      closeables.add(alice);
      relay.accept();
      relay.send(new Frame.Error("unsupported_version", "version 1 only", null));
      alice.awaitErr("the relay does not speak protocol version 2; run again with --protocol 1");
      assertEquals(2, alice.finish());
      assertTrue(relay.nothingPending(), "no reconnect");
      assertEquals(0, alice.rawOut().length);
    }
  }

  @Test
  @Timeout(60)
  void replacedIsExplainedOnceAndNeverReconnected() throws Exception {
    try (FakeRelay relay = new FakeRelay()) {
      ChatProcess alice = ChatProcess.start(relay.port(), "alice", identity("alice"));
      closeables.add(alice);
      relay.acceptV2();
      readyInLobby(relay, 0);
      alice.awaitErr("joined lobby as alice; here: bob");
      relay.send(new Frame.Error("replaced", "this identity connected again elsewhere", null));
      relay.drop();
      alice.awaitErr("your identity connected again from another client (replaced)");
      assertEquals(1, alice.finish());
      assertTrue(relay.nothingPending(), "the replaced client does not come back to take over again");
      assertEquals(1, alice.errCount("replaced"));
    }
  }

  @Test
  @Timeout(60)
  void deliveriesAtOrBelowSinceAreIgnoredAndALostHistoryIsSaidOnce() throws Exception {
    Path dir = identity("alice");
    Files.writeString(dir.resolve("seqs"), "chatroom-seqs-v1\nlobby 10\n");
    try (FakeRelay relay = new FakeRelay()) {
      ChatProcess alice = ChatProcess.start(relay.port(), "alice", dir);
      closeables.add(alice);
      Frame.Hello hello = relay.acceptV2();
      assertEquals(new TreeMap<>(Map.of("lobby", 10L)), hello.since());
      relay.send(new Frame.Ready("alice", List.of("lobby")));
      relay.send(new Frame.Welcome("alice", "lobby", List.of(bobMember()), 12L));
      for (long seq = 9; seq <= 11; seq++) {
        relay.send(new Frame.Delivery("lobby", seq, relay.sealIn("lobby", bob, "bob", Payload.text("seq " + seq))));
      }
      relay.send(new Frame.Synced("lobby", 12));
      relay.send(new Frame.Delivery("lobby", 11, relay.sealIn("lobby", bob, "bob", Payload.text("seq 11 again"))));
      relay.send(new Frame.Delivery("lobby", 13, relay.sealIn("lobby", bob, "bob", Payload.text("seq 13"))));
      alice.awaitOut("bob: seq 11", "bob: seq 13");

      relay.drop(); // the relay comes back from an old backup: its seq is below ours
      Frame.Hello again = relay.acceptV2();
      assertEquals(new TreeMap<>(Map.of("lobby", 13L)), again.since());
      relay.send(new Frame.Ready("alice", List.of("lobby")));
      relay.send(new Frame.Welcome("alice", "lobby", List.of(bobMember()), 4L));
      relay.send(new Frame.Synced("lobby", 4));
      relay.send(new Frame.Delivery("lobby", 5, relay.sealIn("lobby", bob, "bob", Payload.text("after the restore"))));
      alice.awaitOut("bob: seq 11", "bob: seq 13", "bob: after the restore");
      alice.awaitErr("the relay has lost the history of lobby after seq 4");
      assertEquals(0, alice.finish());
      assertEquals(1, alice.errCount("lost the history"));
      assertEquals("chatroom-seqs-v1\nlobby 5\n", Files.readString(dir.resolve("seqs")));
    }
  }

  @Test
  @Timeout(60)
  void aDeliveryBeforeTheWelcomeOfOurJoinIsReadAfterItNotDropped() throws Exception {
    try (FakeRelay relay = new FakeRelay()) {
      ChatProcess alice = ChatProcess.start(relay.port(), "alice", identity("alice"));
      closeables.add(alice);
      relay.acceptV2();
      relay.send(new Frame.Ready("alice", List.of()));
      assertInstanceOf(Frame.Join.class, decode(relay.nextLine())); // no rooms yet: it joins lobby
      relay.send(new Frame.Delivery("lobby", 1, relay.sealIn("lobby", bob, "bob", Payload.text("before the welcome"))));
      relay.send(new Frame.Delivery("ops", 1, relay.sealIn("ops", bob, "bob", Payload.text("a room never joined"))));
      relay.send(new Frame.Welcome("alice", "lobby", List.of(bobMember()), 0L));
      relay.send(new Frame.Delivery("lobby", 2, relay.sealIn("lobby", bob, "bob", Payload.text("after it"))));
      alice.awaitOut("bob: before the welcome", "bob: after it");
      alice.awaitErr("ignored a delivery for ops, which you are not a member of");
      assertEquals(0, alice.finish(), String.join("\n", alice.err()));
      assertEquals(0, alice.errCount("ignored a delivery for lobby"));
    }
  }

  @Test
  @Timeout(60)
  void aConnectionCutMidBurstResendsEveryUnackedFrameUnchanged() throws Exception {
    try (FakeRelay relay = new FakeRelay()) {
      ChatProcess alice = ChatProcess.start(relay.port(), "alice", identity("alice"));
      closeables.add(alice);
      relay.acceptV2();
      readyInLobby(relay, 0);
      alice.awaitErr("joined lobby as alice; here: bob");
      alice.type("m1", "m2", "m3", "m4", "m5");
      // bob is version 2: my chain for him first, then five group messages
      List<String> first = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        first.add(relay.nextLine());
      }
      assertInstanceOf(Frame.SenderKey.class, decode(first.get(0)));
      for (int i = 0; i < 2; i++) {
        relay.send(new Frame.Ack(idOf(first.get(i)), List.of(), "lobby", (long) i + 1));
      }
      relay.drop();

      relay.acceptV2();
      readyInLobby(relay, 2);
      List<String> resent = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        resent.add(relay.nextLine());
      }
      assertEquals(first.subList(2, 6), resent, "the unacked frames, in order, byte for byte; the acked ones not again");
      for (int i = 0; i < 4; i++) {
        relay.send(new Frame.Ack(idOf(resent.get(i)), List.of(), "lobby", (long) i + 3));
      }
      assertEquals(0, alice.finish(), String.join("\n", alice.err()));
      assertEquals(0, alice.errCount("not sent"));
    }
  }

  private static Frame decode(String line) throws Exception {
    return FrameCodec.decode(line.getBytes(StandardCharsets.UTF_8));
  }

  private static String idOf(String line) throws Exception {
    return RoomSealer.idOf(decode(line));
  }
}
