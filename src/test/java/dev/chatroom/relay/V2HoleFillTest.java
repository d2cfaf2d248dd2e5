package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.store.FrameKind;
import dev.chatroom.store.NewFrame;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored batches between nodes are hints: a frame stored without reaching this node (its owner's
 * batch was lost) shows as a hole in the room's seqs, and the live connection reads it from the
 * store before the next one, in order and once. Here the frame is written to the store behind
 * the relay's back, which is exactly what a lost batch looks like to the node.
 */
class V2HoleFillTest extends V2RelayTestBase {
  @TempDir Path dir;

  @Test
  void aFrameThisNodeNeverSawIsReadFromTheStoreBeforeTheNext() throws Exception {
    // a longer wait than the base class's: SQLite and the crypto warm-up on a loaded machine
    relay = RelayServer.start(vertx, config().store("sqlite:" + dir.resolve("holes.db")).build())
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    V2Peer alice = authenticated("alice");
    alice.join("holes");
    V2Peer bob = authenticated("bob");
    bob.join("holes");
    alice.next(Frame.Joined.class);

    assertEquals(1L, alice.sendAcked(alice.message("holes", "bob")).seq());
    assertEquals(1L, bob.delivery().seq());

    Frame.Message behindBack = alice.message("holes", "bob");
    String line = FrameCodec.encodeToString(behindBack).strip();
    NewFrame lost = new NewFrame("holes", FrameKind.MESSAGE, "alice", behindBack.id(), behindBack.sent(), null,
        List.of("bob"), Buffer.buffer(line), System.currentTimeMillis());
    long seq = relay.store().append(List.of(lost)).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).get(0).seq();
    assertEquals(2L, seq, "stored where another node's owner would have put it");
    assertTrue(bob.silentFor(300), "nothing routed it: the batch was lost");

    assertEquals(3L, alice.sendAcked(alice.message("holes", "bob")).seq());
    Frame.Delivery hole = bob.delivery();
    assertEquals(2L, hole.seq(), "the hole first, from the store");
    assertEquals(behindBack.id(), ((Frame.Message) hole.frame()).id());
    assertEquals(3L, bob.delivery().seq(), "then the frame that showed the hole");
    assertTrue(bob.silentFor(300), "each once");

    assertEquals(4L, alice.sendAcked(alice.message("holes", "bob")).seq());
    assertEquals(4L, bob.delivery().seq(), "live again after the hole");
  }
}
