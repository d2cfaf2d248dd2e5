package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RelayMessageTest extends RelayTestBase {
  private WireClient alice;
  private WireClient bob;
  private WireClient carol;

  @BeforeEach
  void room() throws Exception {
    startRelay(config().ratePerSecond(100_000).rateBurst(10_000).build());
    alice = join("alice");
    bob = join("bob");
    carol = join("carol");
    alice.next(Frame.Joined.class);
    alice.next(Frame.Joined.class);
    bob.next(Frame.Joined.class);
  }

  @Test
  void messageIsForwardedByteForByteAndAcked() throws Exception {
    // odd spacing, field order and an unknown field must all survive untouched
    String raw = "{ \"sent\":1764130000123, \"type\":\"message\",\"id\":\"0b7e6a8e-4b1c-4c3e-9f00-1234567890ab\","
        + "\"room\":\"lobby\",\"from\":\"alice\",\"encrypted_message\":\"gAAAAAB\\u00e9\","
        + "\"encrypted_keys\":{\"carol\":\"Yw==\",\"bob\":\"Yg==\"},\"x-future\":{\"a\":[1,2]},"
        + "\"signature\":\"" + "A".repeat(86) + "==\" }";
    alice.sendRaw(raw + "\n");
    assertEquals(new Frame.Ack("0b7e6a8e-4b1c-4c3e-9f00-1234567890ab", List.of()), alice.next());
    assertEquals(raw, bob.nextLine());
    assertEquals(raw, carol.nextLine());
  }

  @Test
  void missingNamesAbsentRecipientsAndTheSenderSorted() throws Exception {
    Frame.Message m = alice.message("zoe", "bob", "alice", "adam");
    alice.send(m);
    assertEquals(List.of("adam", "alice", "zoe"), alice.next(Frame.Ack.class).missing());
    assertEquals(m, bob.next());
    assertTrue(carol.silentFor(200));
  }

  @Test
  void privateMessageReachesOnlyItsRecipient() throws Exception {
    Frame.Message m = alice.message("carol");
    alice.send(m);
    alice.next(Frame.Ack.class);
    assertEquals(m, carol.next());
    assertTrue(bob.silentFor(300));
  }

  @Test
  void spoofedSenderAndWrongRoomAreRefusedWithTheMessageId() throws Exception {
    Frame.Message m = alice.message("bob");
    Frame.Message spoofed = new Frame.Message(m.id(), m.room(), "carol", m.sent(), m.encryptedMessage(), m.encryptedKeys(), m.signature());
    alice.send(spoofed);
    assertEquals(m.id(), alice.expectError("spoofed_sender").id());
    Frame.Message elsewhere = new Frame.Message(m.id(), "ops", "alice", m.sent(), m.encryptedMessage(), m.encryptedKeys(), m.signature());
    alice.send(elsewhere);
    assertEquals(m.id(), alice.expectError("wrong_room").id());
    assertTrue(bob.silentFor(200));
  }

  @Test
  void badFramesAreAnsweredAndTheConnectionSurvives() throws Exception {
    String[] bad = {"nonsense", "[]", "{\"type\":1}", "{\"type\":\"dance\"}", "{\"type\":\"join\",\"room\":\"a/b\"}",
        "{\"type\":\"welcome\",\"nick\":\"x\",\"room\":\"y\",\"members\":[]}"};
    String[] codes = {"bad_frame", "bad_frame", "bad_frame", "unknown_type", "bad_room", "unknown_type"};
    for (int i = 0; i < bad.length; i++) {
      alice.sendRaw(bad[i] + "\n");
      alice.expectError(codes[i]);
    }
    Frame.Message m = alice.message("bob");
    alice.send(m);
    alice.next(Frame.Ack.class);
    assertEquals(m, bob.next());
  }

  @Test
  void perSenderOrderHoldsOver1000Messages() throws Exception {
    StringBuilder burst = new StringBuilder();
    Frame.Message[] sent = new Frame.Message[1000];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = alice.message("bob", "carol");
      burst.append(FrameCodec.encodeToString(sent[i]));
      if (i % 100 == 99) {
        alice.sendRaw(burst.toString()); // many frames per read, and many reads
        burst.setLength(0);
      }
    }
    for (Frame.Message m : sent) {
      assertEquals(m, bob.next());
    }
    for (Frame.Message m : sent) {
      assertEquals(m, carol.next());
    }
    for (Frame.Message m : sent) {
      assertEquals(m.id(), alice.next(Frame.Ack.class).id());
    }
  }

  @Test
  void pingIsAnsweredWithPong() throws Exception {
    bob.send(new Frame.Ping());
    bob.next(Frame.Pong.class);
  }

  /**
   * Lines relayed in bursts share one direct copy per message and reach each recipient as one
   * gathering write of several of them: every line still arrives whole, byte for byte, in order.
   */
  @Test
  void burstsFromTwoSendersArriveWholeAndInOrder() throws Exception {
    int count = 300;
    StringBuilder fromAlice = new StringBuilder();
    StringBuilder fromBob = new StringBuilder();
    java.util.List<String> aliceLines = new java.util.ArrayList<>();
    java.util.List<String> bobLines = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      String a = FrameCodec.encodeToString(alice.message("carol", "bob"));
      String b = FrameCodec.encodeToString(bob.message("carol"));
      fromAlice.append(a);
      fromBob.append(b);
      aliceLines.add(a.substring(0, a.length() - 1));
      bobLines.add(b.substring(0, b.length() - 1));
    }
    alice.sendRaw(fromAlice.toString());
    bob.sendRaw(fromBob.toString());
    int a = 0;
    int b = 0;
    while (a + b < 2 * count) {
      String line = carol.nextLine();
      if (a < count && line.equals(aliceLines.get(a))) {
        a++;
      } else {
        assertEquals(bobLines.get(b), line, "line " + (a + b) + " is neither sender's next");
        b++;
      }
    }
    int acks = 0;
    for (int i = 0; i < count; ) {
      String line = bob.nextLine();
      if (line.contains("\"type\":\"ack\"")) {
        acks++;
      } else {
        assertEquals(aliceLines.get(i++), line);
      }
    }
    assertTrue(carol.silentFor(200));
  }
}
