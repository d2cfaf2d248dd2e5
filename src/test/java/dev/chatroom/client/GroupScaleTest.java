package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.KeyFiles;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.crypto.TrustStore;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.relay.RelayServer;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's "done when": a 1,000-member room end to end. Two real clients (child JVMs) and
 * 1,000 scripted version 2 members, each with its own Ed25519 key and nick but sharing a few
 * RSA key pairs (making 1,000 RSA keys would take minutes). Every scripted member opens the
 * line with the sender-key core, and the group message is exactly as large as in a 2-member room.
 */
class GroupScaleTest {
  static final int PEERS = 1_000;
  static final int RSA_KEYS = 4;
  static final int THREADS = 4;
  static final String TEXT = "hello to a thousand members";

  @TempDir
  Path temp;
  private final Vertx vertx = Vertx.vertx();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @Timeout(300)
  void aThousandMemberRoomWorksEndToEndWithFramesTheSizeOfATwoMemberRoomsOnes() throws Exception {
    RelayServer relay = RelayServer.start(vertx, RelayConfig.builder().port(0).store("memory")
        .maxConnectionsPerAddress(PEERS + 16).connectRatePerSecond(100_000).connectRateBurst(100_000).build())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    int port = relay.port();
    List<GroupPeer> peers = peers();
    Identity alice = TestIdentities.fresh();
    Path aliceDir = temp.resolve("alice");
    KeyFiles.write(aliceDir, alice, null);
    // alice has met them all before: the pin rate (30 new nicks a minute) is for strangers
    StringBuilder pins = new StringBuilder();
    for (GroupPeer p : peers) {
      pins.append(p.nick).append(' ').append(p.id.fingerprint().hex()).append(" unverified\n");
    }
    Files.writeString(aliceDir.resolve(TrustStore.FILE), pins);

    long t0 = System.nanoTime();
    eachPeer(peers, p -> {
      p.connect(port);
      p.join("big");
      p.close(); // a member while away: what it is sent is stored for it
    });
    long joinedMs = (System.nanoTime() - t0) / 1_000_000;
    GroupPeer solo = new GroupPeer("solo", TestIdentities.fresh());
    closeables.add(solo);
    solo.knows("alice", alice);
    solo.connect(port);
    solo.join("duo");

    // the 2-member room first, as alice's only room: a plain line goes there, no focus to race
    ChatProcess inTwo = ChatProcess.start(port, "alice", aliceDir, "--room", "duo");
    closeables.add(inTwo);
    inTwo.awaitErr("joined duo as alice; here: solo");
    inTwo.type(TEXT);
    Frame.GroupMessage inDuo = solo.nextGroupMessage();
    assertEquals(TEXT, solo.open(inDuo));
    assertEquals(0, inTwo.finish());

    ChatProcess bob = ChatProcess.start(port, "bob", bob(), "--room", "big");
    closeables.add(bob);
    bob.awaitErr("joined big as bob");
    ChatProcess a = ChatProcess.start(port, "alice", aliceDir, "--room", "big");
    closeables.add(a);
    a.awaitErr("joined big as alice");
    a.type(TEXT);
    try {
      bob.awaitOut(60_000, List.of("alice: " + TEXT));
    } catch (AssertionError e) {
      throw new AssertionError("bob did not read it; alice said: " + shortly(a) + "; bob said: " + shortly(bob));
    }

    long t1 = System.nanoTime();
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    List<Integer> keySizes = Collections.synchronizedList(new ArrayList<>());
    eachPeer(peers, p -> {
      p.knows("alice", alice);
      p.connect(port);
      Frame.GroupMessage g = p.nextGroupMessage(); // the stored sender_key is taken on the way
      assertEquals(TEXT, p.open(g), p.nick);
      sizes.add(FrameCodec.encode(g).length);
      keySizes.add(p.senderKeys);
      p.close();
    });
    long readMs = (System.nanoTime() - t1) / 1_000_000;
    assertEquals(PEERS, sizes.size(), "every member opened it");
    assertEquals(Collections.nCopies(PEERS, 1), keySizes, "one sender_key each, before the message");
    int two = FrameCodec.encode(inDuo).length;
    for (int size : sizes) {
      assertEquals(two, size, "a group message is the same size whatever the room's size");
    }
    System.out.printf("group_message frame: %d bytes in a 2-member room, %d bytes in a %d-member room "
        + "(%d-byte line); %d members joined in %d ms, all opened it in %d ms%n",
        two, sizes.get(0), PEERS + 2, TEXT.getBytes(StandardCharsets.UTF_8).length, PEERS, joinedMs, readMs);
    assertEquals(0, a.finish());
    assertEquals(0, bob.finish());
    assertTrue(bob.out().contains("alice: " + TEXT));
  }

  /** A child's stderr without its 1,000-nick lines, which would bury the reason. */
  private static String shortly(ChatProcess p) {
    StringBuilder out = new StringBuilder();
    for (String line : p.err()) {
      out.append(line, 0, Math.min(200, line.length())).append(" | ");
    }
    return out.length() > 4_000 ? out.substring(out.length() - 4_000) : out.toString();
  }

  /**
   * Bob meets all of them for the first time: the member list takes the pins it may (most of the
   * 1,000 stay unpinned), and alice, who speaks, gets one of those kept for senders.
   */
  private Path bob() throws Exception {
    Path dir = temp.resolve("bob");
    KeyFiles.write(dir, TestIdentities.fresh(), null);
    return dir;
  }

  /** Nicks p0000..p0999, each its own Ed25519 key, sharing {@value #RSA_KEYS} RSA pairs. */
  private static List<GroupPeer> peers() throws Exception {
    List<Identity> rsa = new ArrayList<>();
    for (int i = 0; i < RSA_KEYS; i++) {
      rsa.add(TestIdentities.fresh());
    }
    KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519", new BouncyCastleProvider());
    List<GroupPeer> peers = new ArrayList<>();
    for (int i = 0; i < PEERS; i++) {
      Identity id = new Identity(rsa.get(i % RSA_KEYS).rsa(), ed.generateKeyPair());
      peers.add(new GroupPeer(String.format("p%04d", i), id, true));
    }
    return peers;
  }

  interface PeerStep {
    void run(GroupPeer p) throws Exception;
  }

  /** {@code step} for every peer on {@value #THREADS} threads; the first failure fails the test. */
  private static void eachPeer(List<GroupPeer> peers, PeerStep step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (GroupPeer p : peers) {
        done.add(pool.submit(() -> {
          step.run(p);
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(240, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
