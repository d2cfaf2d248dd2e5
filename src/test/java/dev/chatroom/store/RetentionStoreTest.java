package dev.chatroom.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/** Retention by count and age, with the sender_key rule (PROTOCOL.md section 11). */
class RetentionStoreTest extends StoreFixture {
  static final long DAY = Duration.ofDays(1).toMillis();

  @StoreContract
  void keepsTheLastFramesOfEachRoom(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "bob");
    join(store, "ops", "bob");
    List<NewFrame> frames = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      frames.add(message("lobby", "alice", "bob"));
    }
    frames.add(message("ops", "alice", "bob"));
    await(store.append(frames));
    assertEquals(3L, await(store.prune(new Retention(5, Duration.ofDays(30)), T0)));
    assertEquals(LongStream.rangeClosed(4, 8).boxed().toList(), seqs(readAll(store, "lobby", "bob", 100)));
    assertEquals(List.of(1L), seqs(readAll(store, "ops", "bob", 100)));
    assertEquals(0L, await(store.prune(new Retention(5, Duration.ofDays(30)), T0)));
    assertEquals(List.of(new Appended(9, false)), await(store.append(List.of(message("lobby", "alice", "bob")))));
  }

  @StoreContract
  void pruningOneRoomLeavesTheOthersAsTheyAre(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "bob");
    join(store, "ops", "bob");
    List<NewFrame> frames = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      frames.add(message("lobby", "alice", "bob"));
      frames.add(message("ops", "alice", "bob"));
    }
    await(store.append(frames));
    assertEquals(4L, await(store.pruneRoom("ops", new Retention(2, Duration.ofDays(30)), T0)));
    assertEquals(List.of(5L, 6L), seqs(readAll(store, "ops", "bob", 100)));
    assertEquals(6, readAll(store, "lobby", "bob", 100).size());
    assertEquals(0L, await(store.pruneRoom("never-used", new Retention(2, Duration.ofDays(30)), T0)));
  }

  @StoreContract
  void deletesWhatIsOlderThanMaxAge(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "bob");
    await(store.append(List.of(message("lobby", "alice", "a", T0, "bob"), message("lobby", "alice", "b", T0 + DAY, "bob"),
        message("lobby", "alice", "c", T0 + 2 * DAY, "bob"))));
    Retention twoDays = new Retention(10_000, Duration.ofDays(2));
    assertEquals(0L, await(store.prune(twoDays, T0 + 2 * DAY)));
    assertEquals(1L, await(store.prune(twoDays, T0 + 2 * DAY + 1)));
    assertEquals(List.of(2L, 3L), seqs(readAll(store, "lobby", "bob", 100)));
  }

  @StoreContract
  void aSenderKeyStaysWhileAKeptGroupMessageNeedsIt(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "alice", "bob");
    await(store.append(List.of(
        senderKey("lobby", "alice", EPOCH_A, T0, "bob"),   // 1: needed by 4
        senderKey("lobby", "alice", EPOCH_B, T0, "bob"),   // 2: its group message 3 goes
        group("lobby", "alice", EPOCH_B, T0),              // 3
        group("lobby", "alice", EPOCH_A, T0 + DAY),        // 4
        senderKey("lobby", "carol", EPOCH_A, T0, "bob"),   // 5: same epoch, another sender: not needed
        message("lobby", "alice", "bob"))));               // 6
    // count: keep the last 3 (4, 5, 6), and 1 for 4; age: nothing older than a day at T0 + DAY
    Retention keep3 = new Retention(3, Duration.ofDays(1));
    assertEquals(2L, await(store.prune(keep3, T0 + DAY)));
    assertEquals(List.of(1L, 4L, 5L, 6L), seqs(readAll(store, "lobby", "bob", 100)));
    // half a day later 5 and 6 are too old; 1 is as old but 4 still needs it
    assertEquals(2L, await(store.prune(keep3, T0 + DAY + DAY / 2)));
    assertEquals(List.of(1L, 4L), seqs(readAll(store, "lobby", "bob", 100)));
    // once 4 is too old, its sender key goes with it
    assertEquals(2L, await(store.prune(keep3, T0 + 3 * DAY)));
    assertEquals(List.of(), readAll(store, "lobby", "bob", 100));
  }

  @StoreContract
  void operatorsSeeRoomsWithMembersAndStoredFrames(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "alice", "bob", "carol");
    join(store, "ops", "alice");
    NewFrame one = message("lobby", "alice", "bob", "carol");
    NewFrame two = group("lobby", "alice", EPOCH_A, T0);
    await(store.append(List.of(one, two)));
    List<RoomStats> rooms = await(store.rooms("", 10));
    assertEquals(List.of(new RoomStats("lobby", 2, 3, 2, one.bytes().length() + two.bytes().length()),
        new RoomStats("ops", 0, 1, 0, 0)), rooms);
    assertEquals(List.of("ops"), await(store.rooms("lobby", 10)).stream().map(RoomStats::room).toList());
    await(store.prune(new Retention(1, Duration.ofDays(30)), T0));
    assertEquals(1L, await(store.rooms("", 1)).get(0).frames());
  }
}
