package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The membership model without sockets or a cluster: what each event does to a node's replica. */
class MemberReplicaTest {
  private final MemberReplica replica = new MemberReplica();

  static Membership.Member member(String room, String nick, String node, String session) {
    return new Membership.Member(room, nick, "enc-" + nick, "sig-" + nick, node, session);
  }

  private boolean join(Membership.Member m) { return replica.apply(new MembershipEvent.Joined(m)); }

  private boolean leave(Membership.Member m) { return replica.apply(new MembershipEvent.Left(m)); }

  @Test
  void aJoinAddsTheMemberOnceAndCountsIt() {
    Membership.Member alice = member("lobby", "alice", "n1", "s1");
    assertTrue(join(alice));
    assertFalse(join(alice), "the same session again changes nothing (nobody is told twice)");
    assertSame(alice, replica.find("lobby", "alice"));
    assertTrue(replica.contains("lobby", "alice"));
    assertFalse(replica.contains("lobby", "bob"));
    assertFalse(replica.contains("ops", "alice"), "membership is per room");
    assertEquals(1, replica.size());
    assertEquals(1, replica.roomCount());
  }

  @Test
  void aNewSessionOfTheNickReplacesTheOldOneAndTheOldLeaveIsIgnored() {
    Membership.Member old = member("lobby", "alice", "n1", "s1");
    Membership.Member fresh = member("lobby", "alice", "n2", "s2");
    join(old);
    assertTrue(join(fresh), "another session holding the nick is a change");
    assertEquals(1, replica.size(), "still one member");
    assertFalse(leave(old), "the old session's late leave must not remove the new holder");
    assertSame(fresh, replica.find("lobby", "alice"));
    assertTrue(leave(fresh));
    assertNull(replica.find("lobby", "alice"));
    assertEquals(0, replica.size());
  }

  @Test
  void aLeaveOfSomeoneAbsentChangesNothing() {
    assertFalse(leave(member("lobby", "ghost", "n1", "s1")));
    assertEquals(0, replica.size());
    assertEquals(0, replica.roomCount());
  }

  @Test
  void anEmptiedRoomDisappearsFromTheRoomList() {
    join(member("ops", "carol", "n1", "s3"));
    join(member("lobby", "alice", "n1", "s1"));
    join(member("lobby", "bob", "n2", "s2"));
    assertEquals(List.of(new Frame.RoomInfo("lobby", 2), new Frame.RoomInfo("ops", 1)), replica.rooms(),
        "rooms in name order with their counts");
    leave(member("ops", "carol", "n1", "s3"));
    assertEquals(List.of(new Frame.RoomInfo("lobby", 2)), replica.rooms());
    assertEquals(1, replica.roomCount());
    assertEquals(List.of(), List.copyOf(replica.members("ops")));
  }

  @Test
  void nodesAndOnNodeSeeWhereMembersAre() {
    join(member("lobby", "alice", "n1", "s1"));
    join(member("lobby", "bob", "n2", "s2"));
    join(member("ops", "bob", "n2", "s4"));
    assertEquals(Set.of("n1", "n2"), replica.nodes());
    List<Membership.Member> onN2 = replica.onNode("n2");
    assertEquals(2, onN2.size());
    onN2.forEach(m -> assertEquals("n2", m.node()));
    onN2.forEach(this::leave); // a copy: leaving while walking it is safe
    assertEquals(Set.of("n1"), replica.nodes());
    assertEquals(1, replica.all().size());
  }
}
