package dev.chatroom.relay;

import dev.chatroom.protocol.Frame;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is in which room on every node. Nick claims are atomic through a shared {@link AsyncMap}
 * (local on one node, Hazelcast in a cluster); each node keeps a {@link MemberReplica} of all
 * members, kept current by typed {@link MembershipEvent}s on {@link #ADDRESS}, so routing and
 * acks never wait on the cluster.
 */
final class Membership {
  /** Versioned with the event format: nodes of another format do not hear these (docs/CLUSTER.md). */
  static final String ADDRESS = "chatroom.membership.v" + MembershipEventCodec.VERSION;
  static final String CLAIMS_MAP = "chatroom.nicks";
  private static final DeliveryOptions EVENTS = new DeliveryOptions().setCodecName(MembershipEventCodec.NAME);

  /** One member of a room; {@code session} tells two joins of the same nick apart. */
  record Member(String room, String nick, String encKey, String sigKey, String node, String session) {
    /** Claims-map value: an array, far smaller than an object per member (its format is shared with older nodes). */
    JsonArray toJson() {
      return new JsonArray(new ArrayList<>(6)).add(room).add(nick).add(encKey).add(sigKey).add(node).add(session);
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
  private final Runnable endOfTask; // an event from the bus is an event-loop task of its own
  private final MemberReplica replica = new MemberReplica();
  private final Map<String, Boolean> recentlyLeft = new LinkedHashMap<>(64, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) { return size() > 10_000; }
  };
  private final Set<String> lostNodes = new HashSet<>();
  private AsyncMap<String, JsonArray> claims;
  private MessageConsumer<MembershipEvent> consumer;

  Membership(Vertx vertx, String nodeId, Listener listener, Runnable endOfTask) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.listener = listener;
    this.endOfTask = endOfTask;
  }

  Future<Void> start() {
    try {
      vertx.eventBus().registerCodec(new MembershipEventCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another node in this Vert.x instance (tests, bench) registered it first
    }
    consumer = vertx.eventBus().consumer(ADDRESS, msg -> {
      onEvent(msg.body());
      endOfTask.run();
    });
    return consumer.completion()
        .compose(v -> vertx.sharedData().<String, JsonArray>getAsyncMap(CLAIMS_MAP))
        .compose(map -> {
          claims = map;
          return map.values();
        })
        .map(existing -> {
          existing.forEach(j -> replica.apply(new MembershipEvent.Joined(Member.fromJson(j))));
          return null;
        });
  }

  Future<Void> stop() { return consumer == null ? Future.succeededFuture() : consumer.unregister(); }

  /** Claims {@code nick} in {@code room}; fails with {@link NickTakenException} when it is held. */
  Future<Member> claim(String room, String nick, String encKey, String sigKey, String session) {
    Member member = new Member(room, nick, encKey, sigKey, nodeId, session);
    return claims.putIfAbsent(member.claimKey(), member.toJson()).compose(previous -> {
      if (previous == null) {
        announce(new MembershipEvent.Joined(member));
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
            announce(new MembershipEvent.Joined(member));
            return Future.succeededFuture(member);
          });
    });
  }

  /** Left lately, or held on a node lost since the last reconciliation said it was live. */
  boolean isGhost(Member holder) {
    return recentlyLeft.containsKey(holder.session()) || lostNodes.contains(holder.node());
  }

  /** Nodes now in the cluster are no longer treated as lost (one may merge back after a split). */
  void markLive(Set<String> liveNodes) { lostNodes.removeAll(liveNodes); }

  /** Gives the nick back and tells every node; safe to call for an already released member. */
  Future<Void> release(Member member) {
    announce(new MembershipEvent.Left(member));
    return claims.removeIfPresent(member.claimKey(), member.toJson()).mapEmpty();
  }

  /** Drops every member a lost node held (called on each survivor). */
  void forgetNode(String lostNode) {
    lostNodes.add(lostNode);
    for (Member m : replica.onNode(lostNode)) {
      applyAndNotify(new MembershipEvent.Left(m));
      claims.removeIfPresent(m.claimKey(), m.toJson());
    }
  }

  /** The member holding {@code nick} in {@code room}, or null. */
  Member find(String room, String nick) { return replica.find(room, nick); }

  /** The node a member is connected to, or null when the nick is not in the room. */
  String nodeOf(String room, String nick) {
    Member m = replica.find(room, nick);
    return m == null ? null : m.node();
  }

  /** Every node that has at least one member, this one included. */
  Set<String> nodes() { return replica.nodes(); }

  /** Every member, as a copy (reconciliation walks it while changing the replica). */
  List<Member> all() { return replica.all(); }

  AsyncMap<String, JsonArray> claims() { return claims; }

  String nodeId() { return nodeId; }

  boolean contains(String room, String nick) { return replica.contains(room, nick); }

  Collection<Member> members(String room) { return replica.members(room); }

  List<Frame.RoomInfo> rooms() { return replica.rooms(); }

  int size() { return replica.size(); }

  int roomCount() { return replica.roomCount(); }

  /** Applies a change found by reconciliation and tells local members (written at once: a claims-map read ends no task). */
  void applyAndTell(Member member, boolean joined) {
    if (joined) {
      Member before = replica.find(member.room(), member.nick());
      if (before != null && !before.session().equals(member.session())) {
        applyAndNotify(new MembershipEvent.Left(before));
      }
      applyAndNotify(new MembershipEvent.Joined(member));
    } else {
      applyAndNotify(new MembershipEvent.Left(member));
    }
    endOfTask.run();
  }

  /** Tells every other node about a local member again (after a split-brain merge). */
  void reannounce(Member member) {
    vertx.eventBus().publish(ADDRESS, new MembershipEvent.Joined(member), EVENTS);
  }

  private void announce(MembershipEvent event) {
    // Apply and tell local members at once so they hear of it before any later frame.
    applyAndNotify(event);
    if (event instanceof MembershipEvent.Left) {
      recentlyLeft.put(event.member().session(), Boolean.TRUE);
    }
    vertx.eventBus().publish(ADDRESS, event, EVENTS);
  }

  private void onEvent(MembershipEvent event) {
    if (event.member().node().equals(nodeId)) {
      return; // applied when announced
    }
    if (event instanceof MembershipEvent.Left) {
      recentlyLeft.put(event.member().session(), Boolean.TRUE);
    }
    applyAndNotify(event);
  }

  /** Applies a change to the replica and, if it changed anything, tells local members. */
  private void applyAndNotify(MembershipEvent event) {
    if (replica.apply(event)) {
      if (event instanceof MembershipEvent.Joined) {
        listener.joined(event.member());
      } else {
        listener.left(event.member());
      }
    }
  }

  static String key(String room, String nick) { return room + "/" + nick; }

  /** The nick is already held in that room somewhere in the cluster. */
  static final class NickTakenException extends Exception {
    private static final long serialVersionUID = 1L;

    NickTakenException() { super("nick is taken", null, false, false); }
  }
}
