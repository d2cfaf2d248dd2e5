package dev.chatroom.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Persistent memberships (PROTOCOL.md section 10). */
class MembershipStoreTest extends StoreFixture {

  @StoreContract
  void joinRecordsTheRoomSeqAndASecondJoinKeepsIt(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "alice");
    await(store.append(List.of(group("lobby", "alice", EPOCH_A, T0), group("lobby", "alice", EPOCH_A, T0))));
    JoinOutcome first = await(store.join("lobby", "bob", 2, T0 + 1, MAX_ROOMS, MAX_MEMBERS));
    assertEquals(new JoinOutcome.Joined(new Membership("lobby", "bob", 2, T0 + 1, T0 + 1, 2)), first);
    await(store.append(List.of(group("lobby", "alice", EPOCH_A, T0))));
    JoinOutcome again = await(store.join("lobby", "bob", 2, T0 + 9, MAX_ROOMS, MAX_MEMBERS));
    assertEquals(new JoinOutcome.AlreadyMember(new Membership("lobby", "bob", 2, T0 + 1, T0 + 9, 2)), again);
    assertEquals(Optional.of(new Membership("lobby", "bob", 2, T0 + 1, T0 + 9, 2)), await(store.membership("lobby", "bob")));
  }

  @StoreContract
  void limitsRefuseAJoinAndChangeNothing(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    for (String room : List.of("a", "b", "c")) {
      assertInstanceOf(JoinOutcome.Joined.class, await(store.join(room, "alice", 2, T0, 3, 100)));
    }
    assertEquals(new JoinOutcome.TooManyRooms(3), await(store.join("d", "alice", 2, T0, 3, 100)));
    assertEquals(Optional.empty(), await(store.membership("d", "alice")));
    // already a member is not a new room
    assertInstanceOf(JoinOutcome.AlreadyMember.class, await(store.join("a", "alice", 2, T0, 3, 100)));

    assertInstanceOf(JoinOutcome.Joined.class, await(store.join("a", "bob", 2, T0, 100, 2)));
    assertEquals(new JoinOutcome.RoomFull(2), await(store.join("a", "carol", 2, T0, 100, 2)));
    assertEquals(2L, await(store.memberCount("a")));
  }

  @StoreContract
  void concurrentJoinsNeverPassTheRoomLimit(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    List<Future<JoinOutcome>> joins = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      joins.add(store.join("lobby", "m" + i, 2, T0, MAX_ROOMS, 20));
    }
    await(Future.all(joins));
    assertEquals(20, joins.stream().filter(f -> f.result() instanceof JoinOutcome.Joined).count());
    assertEquals(20L, await(store.memberCount("lobby")));
  }

  @StoreContract
  void partEndsAMembershipButNotTheRoom(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "alice", "bob");
    await(store.append(List.of(message("lobby", "alice", "bob"))));
    assertTrue(await(store.part("lobby", "bob")));
    assertFalse(await(store.part("lobby", "bob")));
    assertEquals(Optional.empty(), await(store.membership("lobby", "bob")));
    assertEquals(1L, await(store.memberCount("lobby")));
    assertEquals(1L, await(store.maxSeq("lobby")));
  }

  @StoreContract
  void roomsOfANickAreSorted(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    for (String room : List.of("ops", "lobby", "zeta", "Alpha")) {
      join(store, room, "alice");
    }
    join(store, "other", "bob");
    assertEquals(List.of("Alpha", "lobby", "ops", "zeta"),
        await(store.roomsOf("alice")).stream().map(Membership::room).toList());
    assertEquals(List.of(), await(store.roomsOf("nobody")));
  }

  @StoreContract
  void membersComeInPagesWithTheirKeys(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    for (int i = 0; i < 25; i++) {
      String nick = String.format("n%02d", i);
      await(store.register(new Registration(nick, "f".repeat(64), "enc-" + nick, "sig-" + nick, T0, T0)));
      join(store, "lobby", nick);
    }
    join(store, "lobby", "unregistered");
    List<Member> all = new ArrayList<>();
    String after = "";
    for (List<Member> page; !(page = await(store.members("lobby", after, 10))).isEmpty(); ) {
      assertTrue(page.size() <= 10);
      all.addAll(page);
      after = page.get(page.size() - 1).nick();
    }
    assertEquals(26, all.size());
    assertEquals("n00", all.get(0).nick());
    assertEquals("enc-n07", all.get(7).encKey());
    assertEquals("sig-n24", all.get(24).sigKey());
    assertEquals("unregistered", all.get(25).nick());
    assertNull(all.get(25).encKey());
    assertEquals(26L, await(store.memberCount("lobby")));
    assertEquals(0L, await(store.memberCount("empty")));
  }

  @StoreContract
  void membersAmongNamesWhichNicksAreMembers(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "alice", "bob", "it's");
    join(store, "ops", "carol");
    assertEquals(java.util.Set.of("bob", "it's"),
        await(store.membersAmong("lobby", List.of("bob", "carol", "dave", "it's", "bob", "\"]"))));
    assertEquals(java.util.Set.of(), await(store.membersAmong("lobby", List.of())));
    assertEquals(java.util.Set.of(), await(store.membersAmong("nowhere", List.of("bob"))));
  }

  @StoreContract
  void membersNotSeenForTooLongExpire(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    join(store, "lobby", "alice", "bob");
    join(store, "ops", "alice", "bob");
    await(store.touch("alice", T0 + 100));
    List<Membership> expired = await(store.expireMembers(T0 + 50));
    assertEquals(List.of("lobby/bob", "ops/bob"), expired.stream().map(m -> m.room() + "/" + m.nick()).toList());
    assertEquals(List.of("lobby", "ops"), await(store.roomsOf("alice")).stream().map(Membership::room).toList());
    assertEquals(T0 + 100, await(store.membership("ops", "alice")).orElseThrow().lastSeen());
    assertEquals(List.of(), await(store.roomsOf("bob")));
    assertEquals(List.of(), await(store.expireMembers(T0 + 50)));
  }
}
