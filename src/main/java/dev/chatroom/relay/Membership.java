package dev.chatroom.relay;

import dev.chatroom.protocol.Frame;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who is in which room on every node. Nick claims are atomic through a shared {@link AsyncMap}
 * (local on one node, Hazelcast in a cluster); each node keeps a replica of all members, kept
 * current by events on {@link #ADDRESS}, so routing and acks never wait on the cluster.
 */
final class Membership {
  static final String ADDRESS = "chatroom.membership";
  static final String CLAIMS_MAP = "chatroom.nicks";

  /** One member of a room; {@code session} tells two joins of the same nick apart. */
  record Member(String room, String nick, String encKey, String sigKey, String node, String session) {
    /** Claims-map value and event body: an array, far smaller than an object per member. */
    JsonArray toJson() {
      return new JsonArray(new ArrayList<>(7)).add(room).add(nick).add(encKey).add(sigKey).add(node).add(session);
    }

    static Member fromJson(JsonArray j) {
      return new Member(j.getString(0), j.getString(1), j.getString(2), j.getString(3), j.getString(4), j.getString(5));
    }

    Frame.Member toFrame() { return new Frame.Member(nick, encKey, sigKey); }

    String claimKey() { return key(room, nick); }
  }

  /** Told about every change after the replica applied it, once per node. */
  interface Listener {
    void joined(Member member);

    void left(Member member);
  }

  private final Vertx vertx;
  private final String nodeId;
  private final Listener listener;
  private final TreeMap<String, Map<String, Member>> byRoom = new TreeMap<>();
  private int size; // members in the replica, kept so the metrics gauge costs nothing
  private final Map<String, Boolean> recentlyLeft = new LinkedHashMap<>(64, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) { return size() > 10_000; }
  };
  private final Set<String> lostNodes = new HashSet<>();
  private AsyncMap<String, JsonArray> claims;
  private MessageConsumer<JsonArray> consumer;

  Membership(Vertx vertx, String nodeId, Listener listener) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.listener = listener;
  }

  Future<Void> start() {
    consumer = vertx.eventBus().consumer(ADDRESS, msg -> onEvent(msg.body()));
    return consumer.completion()
        .compose(v -> vertx.sharedData().<String, JsonArray>getAsyncMap(CLAIMS_MAP))
        .compose(map -> {
          claims = map;
          return map.values();
        })
        .map(existing -> {
          existing.forEach(j -> apply(Member.fromJson(j), true));
          return null;
        });
  }

  Future<Void> stop() { return consumer == null ? Future.succeededFuture() : consumer.unregister(); }

  /** Claims {@code nick} in {@code room}; fails with {@link NickTakenException} when it is held. */
  Future<Member> claim(String room, String nick, String encKey, String sigKey, String session) {
    Member member = new Member(room, nick, encKey, sigKey, nodeId, session);
    return claims.putIfAbsent(member.claimKey(), member.toJson()).compose(previous -> {
      if (previous == null) {
        announce(member, true);
        return Future.succeededFuture(member);
      }
      if (!isGhost(Member.fromJson(previous))) {
        return Future.failedFuture(new NickTakenException());
      }
      // held by a member already gone (its removal is still on its way): free it and retry once
      return claims.removeIfPresent(member.claimKey(), previous)
          .compose(removed -> claims.putIfAbsent(member.claimKey(), member.toJson()))
          .compose(again -> {
            if (again != null) {
              return Future.failedFuture(new NickTakenException());
            }
            announce(member, true);
            return Future.succeededFuture(member);
          });
    });
  }

  private boolean isGhost(Member holder) {
    return recentlyLeft.containsKey(holder.session()) || lostNodes.contains(holder.node());
  }

  /** Nodes now in the cluster are no longer treated as lost (one may merge back after a split). */
  void markLive(Set<String> liveNodes) { lostNodes.removeAll(liveNodes); }

  /** Gives the nick back and tells every node; safe to call for an already released member. */
  Future<Void> release(Member member) {
    announce(member, false);
    return claims.removeIfPresent(member.claimKey(), member.toJson()).mapEmpty();
  }

  /** Drops every member a lost node held (called on each survivor). */
  void forgetNode(String lostNode) {
    lostNodes.add(lostNode);
    List<Member> gone = new ArrayList<>();
    byRoom.values().forEach(m -> m.values().stream().filter(x -> x.node().equals(lostNode)).forEach(gone::add));
    for (Member m : gone) {
      applyAndNotify(m, false);
      claims.removeIfPresent(m.claimKey(), m.toJson());
    }
  }

  /** The member holding {@code nick} in {@code room}, or null. */
  Member find(String room, String nick) {
    Map<String, Member> members = byRoom.get(room);
    return members == null ? null : members.get(nick);
  }

  /** Whether this session was released lately: a reconciliation that read the map before must not revive it. */
  boolean leftLately(String session) { return recentlyLeft.containsKey(session); }

  /** The node a member is connected to, or null when the nick is not in the room. */
  String nodeOf(String room, String nick) {
    Map<String, Member> members = byRoom.get(room);
    Member m = members == null ? null : members.get(nick);
    return m == null ? null : m.node();
  }

  /** Every node that has at least one member, this one included. */
  Set<String> nodes() {
    Set<String> nodes = new HashSet<>();
    byRoom.values().forEach(m -> m.values().forEach(x -> nodes.add(x.node())));
    return nodes;
  }

  /** Every member, as a copy (reconciliation walks it while changing the replica). */
  List<Member> all() {
    List<Member> all = new ArrayList<>();
    byRoom.values().forEach(m -> all.addAll(m.values()));
    return all;
  }

  AsyncMap<String, JsonArray> claims() { return claims; }

  String nodeId() { return nodeId; }

  boolean contains(String room, String nick) {
    Map<String, Member> members = byRoom.get(room);
    return members != null && members.containsKey(nick);
  }

  Collection<Member> members(String room) {
    Map<String, Member> members = byRoom.get(room);
    return members == null ? List.of() : members.values();
  }

  List<Frame.RoomInfo> rooms() {
    List<Frame.RoomInfo> out = new ArrayList<>();
    byRoom.forEach((room, members) -> out.add(new Frame.RoomInfo(room, members.size())));
    return out;
  }

  int size() { return size; }

  int roomCount() { return byRoom.size(); }

  /** Applies a change found by reconciliation and tells local members. */
  void applyAndTell(Member member, boolean joined) {
    if (joined) {
      Map<String, Member> members = byRoom.get(member.room());
      Member before = members == null ? null : members.get(member.nick());
      if (before != null && !before.session().equals(member.session())) {
        applyAndNotify(before, false);
      }
    }
    applyAndNotify(member, joined);
  }

  /** Tells every other node about a local member again (after a split-brain merge). */
  void reannounce(Member member) {
    vertx.eventBus().publish(ADDRESS, member.toJson().add(true));
  }

  private void announce(Member member, boolean joined) {
    // Apply and tell local members at once so they hear of it before any later frame.
    applyAndNotify(member, joined);
    if (!joined) {
      recentlyLeft.put(member.session(), Boolean.TRUE);
    }
    JsonArray event = member.toJson().add(joined);
    vertx.eventBus().publish(ADDRESS, event);
  }

  private void onEvent(JsonArray event) {
    Member member = Member.fromJson(event);
    if (member.node().equals(nodeId)) {
      return; // applied when announced
    }
    boolean joined = Boolean.TRUE.equals(event.getBoolean(6));
    if (!joined) {
      recentlyLeft.put(member.session(), Boolean.TRUE);
    }
    applyAndNotify(member, joined);
  }

  /** Applies a change to the replica and, if it changed anything, tells local members. */
  private void applyAndNotify(Member member, boolean joined) {
    if (apply(member, joined)) {
      if (joined) {
        listener.joined(member);
      } else {
        listener.left(member);
      }
    }
  }

  /** Returns whether the replica changed. A leave only removes the same session. */
  private boolean apply(Member member, boolean joined) {
    if (joined) {
      Member before = byRoom.computeIfAbsent(member.room(), r -> new HashMap<>()).put(member.nick(), member);
      if (before == null) {
        size++;
      }
      return before == null || !before.session().equals(member.session());
    }
    Map<String, Member> members = byRoom.get(member.room());
    if (members == null) {
      return false;
    }
    Member current = members.get(member.nick());
    if (current == null || !current.session().equals(member.session())) {
      return false;
    }
    members.remove(member.nick());
    size--;
    if (members.isEmpty()) {
      byRoom.remove(member.room());
    }
    return true;
  }

  static String key(String room, String nick) { return room + "/" + nick; }

  /** The nick is already held in that room somewhere in the cluster. */
  static final class NickTakenException extends Exception {
    private static final long serialVersionUID = 1L;

    NickTakenException() { super("nick is taken", null, false, false); }
  }
}
