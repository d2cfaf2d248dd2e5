package dev.chatroom.relay;

import dev.chatroom.protocol.Frame;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One node's copy of who is in which room on every node: plain data, no I/O, so the rules of
 * the membership model (a leave removes only the same session, a rejoin replaces) are tested
 * without a cluster. {@link Membership} keeps it current.
 */
final class MemberReplica {
  private final TreeMap<String, Map<String, Membership.Member>> byRoom = new TreeMap<>();
  private int size; // kept so the metrics gauge costs nothing

  /** Applies a change; returns whether the replica changed (only then are local members told). */
  boolean apply(MembershipEvent event) {
    return event instanceof MembershipEvent.Joined ? join(event.member()) : leave(event.member());
  }

  private boolean join(Membership.Member member) {
    Membership.Member before = byRoom.computeIfAbsent(member.room(), r -> new HashMap<>()).put(member.nick(), member);
    if (before == null) {
      size++;
    }
    return before == null || !before.session().equals(member.session());
  }

  private boolean leave(Membership.Member member) {
    Map<String, Membership.Member> members = byRoom.get(member.room());
    Membership.Member current = members == null ? null : members.get(member.nick());
    if (current == null || !current.session().equals(member.session())) {
      return false; // an older session's leave must not remove the nick's new holder
    }
    members.remove(member.nick());
    size--;
    if (members.isEmpty()) {
      byRoom.remove(member.room());
    }
    return true;
  }

  /** The member holding {@code nick} in {@code room}, or null. */
  Membership.Member find(String room, String nick) {
    Map<String, Membership.Member> members = byRoom.get(room);
    return members == null ? null : members.get(nick);
  }

  boolean contains(String room, String nick) { return find(room, nick) != null; }

  Collection<Membership.Member> members(String room) {
    Map<String, Membership.Member> members = byRoom.get(room);
    return members == null ? List.of() : members.values();
  }

  /** Every node that has at least one member. */
  Set<String> nodes() {
    Set<String> nodes = new HashSet<>();
    byRoom.values().forEach(m -> m.values().forEach(x -> nodes.add(x.node())));
    return nodes;
  }

  /** Every member, as a copy (callers change the replica while they walk it). */
  List<Membership.Member> all() {
    List<Membership.Member> all = new ArrayList<>();
    byRoom.values().forEach(m -> all.addAll(m.values()));
    return all;
  }

  /** The members connected to {@code node}, as a copy. */
  List<Membership.Member> onNode(String node) {
    List<Membership.Member> on = new ArrayList<>();
    byRoom.values().forEach(m -> m.values().stream().filter(x -> x.node().equals(node)).forEach(on::add));
    return on;
  }

  /** Rooms in name order with their member counts. */
  List<Frame.RoomInfo> rooms() {
    List<Frame.RoomInfo> out = new ArrayList<>();
    byRoom.forEach((room, members) -> out.add(new Frame.RoomInfo(room, members.size())));
    return out;
  }

  int size() { return size; }

  int roomCount() { return byRoom.size(); }
}
