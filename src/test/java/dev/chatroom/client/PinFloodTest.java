package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.KeyFiles;
import dev.chatroom.crypto.PublicKeys;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.crypto.TrustStore;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile relay (a scripted one: a ServerSocket in this test) announces 5,000 invented
 * members to the real client in a child JVM. Only the pin rate's worth are pinned and
 * encrypted to, the user gets one warning, and known_peers stays small. The first few nicks
 * that send get the pins the member list left; lines from the rest are hidden with one notice
 * that says how to read them.
 */
class PinFloodTest {
  static final int FLOOD = 5_000;
  /** Pins a member list leaves for nicks that send. */
  static final int SENDERS = TrustStore.PINS_PER_MINUTE / 3;
  static final int FLOOD_SENDERS = 3 * SENDERS;
  static final String SIG = Base64.getEncoder().encodeToString(new byte[64]);

  @TempDir Path temp;

  @Test
  @Timeout(120)
  void aRelayInventingNicksGetsFewPinsOneWarningAndNoCiphertextsForTheRest() throws Exception {
    Identity invented = TestIdentities.fresh();
    String enc = PublicKeys.encode(invented.rsa().getPublic());
    String sig = PublicKeys.encode(invented.ed25519().getPublic());
    Path dir = temp.resolve("alice");
    KeyFiles.write(dir, TestIdentities.fresh(), null);
    long start = System.nanoTime();
    try (ServerSocket relay = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
         ChatProcess alice = ChatProcess.start(relay.getLocalPort(), "alice", dir, ClientTestBase.V1)) {
      relay.setSoTimeout((int) ChatProcess.WAIT_MS);
      try (Socket s = relay.accept()) {
        s.setSoTimeout((int) ChatProcess.WAIT_MS);
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = new BufferedOutputStream(s.getOutputStream());
        assertTrue(FrameCodec.decode(in.readLine().getBytes(StandardCharsets.UTF_8)) instanceof Frame.Hello);
        out.write(FrameCodec.encode(new Frame.Welcome("alice", "lobby", List.of())));
        for (int i = 0; i < FLOOD; i++) {
          out.write(FrameCodec.encode(new Frame.Joined("flood" + i, enc, sig)));
        }
        // Frames are handled in order: once this shows, every joined was.
        out.write(FrameCodec.encode(new Frame.RoomList(List.of(new Frame.RoomInfo("marker", 1)))));
        out.flush();
        alice.awaitErr("marker");

        alice.type("hello everyone");
        Frame.Message m = null;
        while (m == null) {
          Frame f = FrameCodec.decode(in.readLine().getBytes(StandardCharsets.UTF_8));
          m = f instanceof Frame.Message msg ? msg : null;
        }
        int bound = bound(start);
        int recipients = m.encryptedKeys().size();
        assertTrue(recipients >= TrustStore.PINS_PER_MINUTE - SENDERS && recipients <= bound,
            recipients + " recipients, bound " + bound);
        out.write(FrameCodec.encode(new Frame.Ack(m.id(), List.of())));
        // Lines from invented nicks the member list left unpinned: the first SENDERS take the
        // pins kept for those who speak (and fail on their bogus signatures), the rest are hidden.
        for (int i = 0; i < FLOOD_SENDERS; i++) {
          String from = "flood" + (FLOOD - 1 - i);
          out.write(FrameCodec.encode(new Frame.Message(UUID.randomUUID().toString(), "lobby", from,
              System.currentTimeMillis(), "gAAA", new TreeMap<>(Map.of("alice", "Yg==")), SIG)));
        }
        out.write(FrameCodec.encode(new Frame.RoomList(List.of(new Frame.RoomInfo("marker2", 1)))));
        out.flush();
        alice.awaitErr("marker2");
        assertEquals(0, alice.finish());
      }
      int bound = bound(start);
      assertEquals(1, alice.errCount("new nicks a minute"), "one warning for the whole flood");
      assertEquals(1, alice.errCount("not encrypting to"), "one summary, not one line per nick");
      long opened = alice.errCount("dropped a message from flood");
      assertTrue(opened >= SENDERS && opened < FLOOD_SENDERS, opened + " senders pinned: " + String.join("\n", alice.err()));
      assertEquals(1, alice.errCount(", new and not pinned yet (too many new nicks at once): /fp flood"),
          "one notice a minute, not one per message");
      long joinedNotices = alice.err().stream().filter(l -> l.matches(".*flood\\d+ joined.*")).count();
      assertTrue(joinedNotices <= bound, joinedNotices + " joined notices");
      long pins = Files.readAllLines(dir.resolve(TrustStore.FILE)).size();
      assertTrue(pins >= TrustStore.PINS_PER_MINUTE && pins <= bound, pins + " pins, bound " + bound);
    }
  }

  /** The burst plus what the rate refilled since {@code start}. */
  private static int bound(long start) {
    long seconds = (System.nanoTime() - start) / 1_000_000_000L + 1;
    return TrustStore.PINS_PER_MINUTE + (int) (seconds * TrustStore.PINS_PER_MINUTE / 60) + 1;
  }
}
