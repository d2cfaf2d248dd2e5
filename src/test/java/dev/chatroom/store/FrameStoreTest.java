package dev.chatroom.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** Appending, deduplicating and reading frames back (PROTOCOL.md section 11). */
class FrameStoreTest extends StoreFixture {

  @StoreContract
  void seqStartsAtOnePerRoomAndFollowsBatchOrder(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "bob");
    join(store, "ops", "bob");
    List<Appended> first = await(store.append(List.of(message("lobby", "alice", "bob"), message("lobby", "alice", "bob"),
        message("ops", "alice", "bob"), message("lobby", "carol", "bob"))));
    assertEquals(List.of(1L, 2L, 1L, 3L), seqs(first));
    assertTrue(first.stream().noneMatch(Appended::duplicate));
    assertEquals(3L, await(store.maxSeq("lobby")));
    assertEquals(1L, await(store.maxSeq("ops")));
    assertEquals(0L, await(store.maxSeq("never-used")));
  }

  @StoreContract
  void resendGetsItsFirstSeqAndStoresNothing(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "alice", "bob");
    NewFrame original = message("lobby", "alice", "id-1", T0, "bob");
    assertEquals(List.of(new Appended(1, false)), await(store.append(List.of(original))));
    await(store.append(List.of(message("lobby", "carol", "bob"))));
    // the same (room, from, id) again, even with other bytes, and twice in one batch
    NewFrame resend = message("lobby", "alice", "id-1", T0 + 999, "bob");
    List<Appended> again = await(store.append(List.of(resend, message("lobby", "alice", "id-2", T0, "bob"),
        message("lobby", "alice", "id-2", T0, "bob"))));
    assertEquals(List.of(new Appended(1, true), new Appended(3, false), new Appended(3, true)), again);
    // the same id from another sender or in another room is another frame
    join(store, "ops", "bob");
    assertEquals(List.of(new Appended(4, false)), await(store.append(List.of(message("lobby", "bob", "id-1", T0, "alice")))));
    assertEquals(List.of(new Appended(1, false)), await(store.append(List.of(message("ops", "alice", "id-1", T0, "bob")))));

    List<StoredFrame> bobSees = readAll(store, "lobby", "bob", 100);
    assertEquals(List.of(1L, 2L, 3L), seqs(bobSees));
    assertEquals(original.bytes(), bobSees.get(0).bytes());
    assertEquals(T0, bobSees.get(0).storedAt());
  }

  @StoreContract
  void concurrentSingleAppendsGetDistinctConsecutiveSeqs(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "bob");
    List<Future<List<Appended>>> all = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      all.add(store.append(List.of(message("lobby", "alice", "bob"))));
    }
    await(Future.all(all));
    Set<Long> seqs = new HashSet<>();
    for (Future<List<Appended>> f : all) {
      seqs.add(f.result().get(0).seq());
    }
    assertEquals(LongStream.rangeClosed(1, 1_000).boxed().collect(Collectors.toSet()), seqs);
    assertEquals(1_000, readAll(store, "lobby", "bob", 1_000).size());
  }

  @StoreContract
  void framesComeBackExactlyAsStored(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "alice", "bob");
    // bytes that a re-encoding would change: spacing, escapes, non-ASCII, key order
    byte[] raw = "{ \"type\":\"group_message\" ,\"z\":\"\\u00e9\u00e9\\n\",\"id\":\"g1\",\"from\":\"alice\"}"
        .getBytes(StandardCharsets.UTF_8);
    NewFrame g = new NewFrame("lobby", FrameKind.GROUP_MESSAGE, "alice", "g1", 1234, EPOCH_A, List.of(),
        Buffer.buffer(raw), T0 + 7);
    await(store.append(List.of(g)));
    StoredFrame back = await(store.read("lobby", "bob", 0, 10)).get(0);
    assertArrayEquals(raw, back.bytes().getBytes());
    assertEquals(new StoredFrame("lobby", 1, FrameKind.GROUP_MESSAGE, "alice", "g1", 1234, EPOCH_A, T0 + 7,
        Buffer.buffer(raw)), back);
  }

  @StoreContract
  void eachReaderGetsOnlyFramesItIsARecipientOf(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "alice", "bob", "carol");
    await(store.append(List.of(
        message("lobby", "alice", "bob"),                 // 1: bob
        senderKey("lobby", "alice", EPOCH_A, T0, "bob", "carol"), // 2: bob, carol
        group("lobby", "alice", EPOCH_A, T0),             // 3: bob, carol (not the sender)
        message("lobby", "bob", "alice", "carol"),        // 4: alice, carol
        group("lobby", "carol", EPOCH_B, T0))));          // 5: alice, bob
    assertEquals(List.of(4L, 5L), seqs(readAll(store, "lobby", "alice", 10)));
    assertEquals(List.of(1L, 2L, 3L, 5L), seqs(readAll(store, "lobby", "bob", 10)));
    assertEquals(List.of(2L, 3L, 4L), seqs(readAll(store, "lobby", "carol", 10)));
    assertEquals(List.of(5L), seqs(await(store.read("lobby", "bob", 3, 10))));
    // not a member: nothing, even of frames naming it
    assertEquals(List.of(), await(store.read("lobby", "dave", 0, 10)));
  }

  @StoreContract
  void aNewMemberGetsNoEarlierFrames(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "alice", "bob");
    await(store.append(List.of(group("lobby", "alice", EPOCH_A, T0), group("lobby", "alice", EPOCH_A, T0),
        message("lobby", "alice", "bob", "dave"))));
    JoinOutcome joined = await(store.join("lobby", "dave", 2, T0, MAX_ROOMS, MAX_MEMBERS));
    assertEquals(3, ((JoinOutcome.Joined) joined).membership().joinSeq());
    await(store.append(List.of(group("lobby", "alice", EPOCH_A, T0), message("lobby", "bob", "dave"))));
    assertEquals(List.of(4L, 5L), seqs(readAll(store, "lobby", "dave", 10)));

    // parting and joining again: what was stored meanwhile is not for it
    assertTrue(await(store.part("lobby", "dave")));
    await(store.append(List.of(group("lobby", "alice", EPOCH_A, T0))));
    join(store, "lobby", "dave");
    await(store.append(List.of(group("lobby", "alice", EPOCH_A, T0))));
    assertEquals(List.of(7L), seqs(readAll(store, "lobby", "dave", 10)));
  }

  @StoreContract
  void groupMessagesGoOnlyToVersion2Members(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "alice");
    await(store.join("lobby", "old", 1, T0, MAX_ROOMS, MAX_MEMBERS));
    await(store.append(List.of(group("lobby", "alice", EPOCH_A, T0), message("lobby", "alice", "old"))));
    assertEquals(List.of(2L), seqs(readAll(store, "lobby", "old", 10)));
  }

  @StoreContract
  void catchUpOf2500FramesComesInPagesInSeqOrder(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "alice", "bob");
    for (int batch = 0; batch < 25; batch++) {
      List<NewFrame> frames = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        frames.add(i % 2 == 0 ? group("lobby", "alice", EPOCH_A, T0) : message("lobby", "alice", "bob"));
      }
      await(store.append(frames));
    }
    List<StoredFrame> page = await(store.read("lobby", "bob", 0, 1_000_000));
    assertEquals(RelayStore.MAX_PAGE, page.size(), "a page never exceeds MAX_PAGE");
    List<StoredFrame> all = readAll(store, "lobby", "bob", 700);
    assertEquals(LongStream.rangeClosed(1, 2_500).boxed().toList(), seqs(all));
    assertFalse(all.stream().anyMatch(f -> !f.room().equals("lobby")));
  }

  @StoreContract
  void seqIsNeverReusedAcrossRestartAndRetention(StoreBackend backend) throws Exception {
    StoreLocation where = backend.fresh();
    RelayStore store = open(backend, where);
    join(store, "lobby", "bob");
    await(store.append(List.of(message("lobby", "alice", "bob"), message("lobby", "alice", "bob"))));
    await(store.prune(new Retention(1, java.time.Duration.ofDays(30)), T0));
    await(store.prune(new Retention(1, java.time.Duration.ofMillis(1)), T0 + 10));
    assertEquals(List.of(), readAll(store, "lobby", "bob", 10), "retention deleted every frame");
    await(store.closeAsync());

    RelayStore reopened = open(backend, where);
    assertEquals(2L, await(reopened.maxSeq("lobby")));
    assertEquals(List.of(new Appended(3, false)), await(reopened.append(List.of(message("lobby", "alice", "bob")))));
    assertEquals(List.of(3L), seqs(readAll(reopened, "lobby", "bob", 10)));
  }
}
