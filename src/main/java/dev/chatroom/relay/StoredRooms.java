package dev.chatroom.relay;

import dev.chatroom.store.Member;
import dev.chatroom.store.RelayStore;
import dev.chatroom.store.RoomStats;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * This node's index of the version 2 memberships kept in the store, and each room's highest
 * {@code seq}: what routing asks on every message ("is bob a member?"), without a store read.
 * An entry is a room name and a nick shared by all of that nick's rooms, so an offline member
 * costs one set entry (about 40 bytes), not a connection. A room of one member holds its nick
 * alone, not a set of one (about 130 bytes less; rooms of one are common: a member's own room).
 */
final class StoredRooms {
  private static final int PAGE = RelayStore.MAX_PAGE;

  private final Map<String, Object> membersByRoom = new HashMap<>(); // a String (one member) or a Set<String>
  private final Map<String, Long> maxSeqByRoom = new HashMap<>();
  private final Map<String, String> canonicalNicks = new HashMap<>(); // one String per nick
  private int size;

  /** Reads every room and membership from the store, page by page. */
  static Future<StoredRooms> load(RelayStore store) {
    StoredRooms rooms = new StoredRooms();
    return rooms.loadRooms(store, "").map(rooms);
  }

  private Future<Void> loadRooms(RelayStore store, String after) {
    return store.rooms(after, PAGE).compose(page -> {
      Future<Void> all = Future.succeededFuture();
      for (RoomStats stats : page) {
        maxSeqByRoom.put(stats.room(), stats.maxSeq());
        all = all.compose(v -> loadMembers(store, stats.room(), ""));
      }
      return page.size() < PAGE ? all : all.compose(v -> loadRooms(store, page.get(page.size() - 1).room()));
    });
  }

  private Future<Void> loadMembers(RelayStore store, String room, String after) {
    return store.members(room, after, PAGE).compose(page -> {
      for (Member m : page) {
        add(room, m.nick());
      }
      return page.size() < PAGE ? Future.<Void>succeededFuture()
          : loadMembers(store, room, page.get(page.size() - 1).nick());
    });
  }

  boolean isMember(String room, String nick) {
    Object members = membersByRoom.get(room);
    return members instanceof String one ? one.equals(nick) : members != null && setOf(members).contains(nick);
  }

  /** Whether anyone is a stored (version 2) member: only then do this room's frames get stored. */
  boolean hasMembers(String room) {
    return membersByRoom.containsKey(room);
  }

  /** The stored members of {@code room}, as a copy. */
  Set<String> members(String room) {
    Object members = membersByRoom.get(room);
    return members == null ? Set.of() : members instanceof String one ? Set.of(one) : Set.copyOf(setOf(members));
  }

  int count(String room) {
    Object members = membersByRoom.get(room);
    return members == null ? 0 : members instanceof String ? 1 : setOf(members).size();
  }

  /** The index's own String for {@code nick} if it has one, else {@code nick}: an online member shares it. */
  String canonicalNick(String nick) {
    return canonicalNicks.getOrDefault(nick, nick);
  }

  void add(String room, String nick) {
    String shared = canonicalNicks.computeIfAbsent(nick, n -> n);
    Object members = membersByRoom.get(room);
    if (members == null) {
      membersByRoom.put(room, shared);
    } else if (members instanceof String one) {
      if (one.equals(shared)) {
        return;
      }
      Set<String> two = new HashSet<>(4);
      two.add(one);
      two.add(shared);
      membersByRoom.put(room, two);
    } else if (!setOf(members).add(shared)) {
      return;
    }
    size++;
  }

  void remove(String room, String nick) {
    Object members = membersByRoom.get(room);
    if (members instanceof String one) {
      if (!one.equals(nick)) {
        return;
      }
      membersByRoom.remove(room);
    } else if (members == null) {
      return;
    } else {
      Set<String> set = setOf(members);
      if (!set.remove(nick)) {
        return;
      }
      if (set.size() == 1) { // back to a room of one: its nick alone
        membersByRoom.put(room, set.iterator().next());
      }
    }
    size--;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> setOf(Object members) {
    return (Set<String>) members;
  }

  /** Every membership of {@code nick} goes (its registration was removed or lapsed). */
  void removeNick(String nick) {
    for (String room : new java.util.ArrayList<>(membersByRoom.keySet())) {
      remove(room, nick);
    }
    canonicalNicks.remove(nick);
  }

  long maxSeq(String room) {
    return maxSeqByRoom.getOrDefault(room, 0L);
  }

  void stored(String room, long seq) {
    maxSeqByRoom.merge(room, seq, Math::max);
  }

  Set<String> rooms() {
    return membersByRoom.keySet();
  }

  int size() {
    return size;
  }
}
