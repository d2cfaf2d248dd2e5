package dev.chatroom.relay;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Version 2 presence between nodes: who is online where, and in which rooms, so a welcome on
 * node B marks a member online on node A, a join on A reaches B's index of members, and a
 * second connection of an identity on B replaces the one on A. Events are named JSON fields
 * ({@link Event}); a node that starts asks the others for their sessions, and a node that dies
 * takes its sessions offline with it. Events can be lost (a node cut off, then merged back), so
 * {@link #resync} asks each node for its sessions and makes this view of that node match them.
 * Memberships themselves are in the shared store.
 */
final class ClusterPresence {
  static final String ADDRESS = "chatroom.v2.presence";
  /** Where a node answers "which sessions do you have?" ({@link #resync}). */
  static final String SYNC_PREFIX = ADDRESS + ".sync.";
  private static final long SYNC_TIMEOUT_MS = 5_000;

  /** What the other nodes learn; {@code change} says which. */
  record Event(String change, String node, String nick, String room, String fingerprint, String encKey,
      String sigKey, boolean member) {
    static final String ONLINE = "online";
    static final String OFFLINE = "offline";
    static final String ENTER = "enter";
    static final String LEAVE = "leave";
    static final String HELLO = "hello";

    JsonObject toJson() {
      return new JsonObject().put("change", change).put("node", node).put("nick", nick).put("room", room)
          .put("fingerprint", fingerprint).put("enc_key", encKey).put("sig_key", sigKey).put("member", member);
    }

    static Event fromJson(JsonObject j) {
      return new Event(j.getString("change"), j.getString("node"), j.getString("nick"), j.getString("room"),
          j.getString("fingerprint"), j.getString("enc_key"), j.getString("sig_key"), j.getBoolean("member", false));
    }
  }

  /** A session online on another node. */
  record Remote(String node, String encKey, String sigKey, Set<String> rooms) {}

  /** What the relay does with another node's news. */
  interface Listener {
    void remoteOnline(String nick, String fingerprint);

    /** {@code member}: a new membership (join) rather than a member coming online. */
    void remoteEntered(String room, String nick, String encKey, String sigKey, boolean member);

    /** {@code member}: the membership ended (part) rather than the member going offline. */
    void remoteLeft(String room, String nick, boolean member);

    /** This node's live sessions, as events for a node that just started. */
    List<Event> localState();

    /** Whether the nick has a session on this node (it wins over a stale snapshot of another node). */
    boolean onlineHere(String nick);

    /** A resync showed {@code nick} in {@code room} on another node: it is a member there. */
    void memberSeen(String room, String nick);
  }

  private final Vertx vertx;
  private final String self;
  private final Listener listener;
  private final Map<String, Remote> remote = new HashMap<>();
  // room -> node -> sessions of that node in the room: which nodes a room's stored batches go to
  private final Map<String, Map<String, Integer>> nodesByRoom = new HashMap<>();
  private int resyncs;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  ClusterPresence(Vertx vertx, String self, Listener listener) {
    this.vertx = vertx;
    this.self = self;
    this.listener = listener;
  }

  Future<Void> start() {
    consumers.add(vertx.eventBus().consumer(ADDRESS, msg -> onEvent(Event.fromJson(msg.body()))));
    consumers.add(vertx.eventBus().consumer(ADDRESS + "." + self, msg -> onEvent(Event.fromJson(msg.body()))));
    consumers.add(vertx.eventBus().consumer(SYNC_PREFIX + self, msg -> msg.reply(snapshot())));
    return Future.all(consumers.get(0).completion(), consumers.get(1).completion(), consumers.get(2).completion())
        .onSuccess(v -> publish(new Event(Event.HELLO, self, null, null, null, null, null, false)))
        .mapEmpty();
  }

  Future<Void> stop() {
    List<Future<Void>> done = new ArrayList<>();
    consumers.forEach(c -> done.add(c.unregister()));
    return Future.join(done).mapEmpty();
  }

  void online(String nick, String fingerprint, String encKey, String sigKey) {
    publish(new Event(Event.ONLINE, self, nick, null, fingerprint, encKey, sigKey, false));
  }

  void offline(String nick) {
    publish(new Event(Event.OFFLINE, self, nick, null, null, null, null, false));
  }

  void entered(String room, String nick, String encKey, String sigKey, boolean member) {
    publish(new Event(Event.ENTER, self, nick, room, null, encKey, sigKey, member));
  }

  void left(String room, String nick, boolean member) {
    publish(new Event(Event.LEAVE, self, nick, room, null, null, null, member));
  }

  boolean isOnline(String nick) { return remote.containsKey(nick); }

  /** Online members of {@code room} on other nodes, for a version 1 welcome. */
  Map<String, Remote> onlineIn(String room) {
    Map<String, Remote> out = new HashMap<>();
    remote.forEach((nick, r) -> {
      if (r.rooms().contains(room)) {
        out.put(nick, r);
      }
    });
    return out;
  }

  /** The other nodes with a session in {@code room}: those a stored batch of the room goes to. */
  Set<String> nodesIn(String room) {
    Map<String, Integer> nodes = nodesByRoom.get(room);
    return nodes == null ? Set.of() : nodes.keySet();
  }

  /** How many resync answers this node applied (for tests and metrics). */
  int resyncs() { return resyncs; }

  /** A node is gone: its sessions went offline with it. */
  void nodeGone(String node) {
    for (String nick : nicksOn(node)) {
      Remote r = drop(nick);
      for (String room : r.rooms()) {
        listener.remoteLeft(room, nick, false);
      }
    }
  }

  /**
   * Asks each of {@code nodes} for its sessions and makes this node's view of it match: a
   * session this node missed comes online, one it missed going goes offline. The answer
   * travels on the same connection as that node's events, so it is never older than an event
   * already applied here.
   */
  void resync(Set<String> nodes) {
    for (String node : nodes) {
      if (node.equals(self)) {
        continue;
      }
      vertx.eventBus().<JsonObject>request(SYNC_PREFIX + node, new JsonObject(),
          new DeliveryOptions().setSendTimeout(SYNC_TIMEOUT_MS))
          .onSuccess(reply -> apply(node, reply.body()));
    }
  }

  private JsonObject snapshot() {
    JsonArray events = new JsonArray();
    listener.localState().forEach(e -> events.add(e.toJson()));
    return new JsonObject().put("node", self).put("events", events);
  }

  /** {@code node}'s sessions as it reported them replace what this node believed of it. */
  private void apply(String node, JsonObject snapshot) {
    Map<String, Event> online = new HashMap<>();
    Map<String, Set<String>> roomsOf = new HashMap<>();
    JsonArray events = snapshot.getJsonArray("events", new JsonArray());
    for (int i = 0; i < events.size(); i++) {
      Event e = Event.fromJson(events.getJsonObject(i));
      if (e.nick() == null || !node.equals(e.node())) {
        continue;
      }
      if (Event.ONLINE.equals(e.change())) {
        online.put(e.nick(), e);
        roomsOf.putIfAbsent(e.nick(), new HashSet<>());
      } else if (Event.ENTER.equals(e.change()) && e.room() != null) {
        roomsOf.computeIfAbsent(e.nick(), n -> new HashSet<>()).add(e.room());
      }
    }
    resyncs++;
    for (String nick : nicksOn(node)) {
      if (!online.containsKey(nick)) { // its offline event was lost
        Remote r = drop(nick);
        r.rooms().forEach(room -> listener.remoteLeft(room, nick, false));
      }
    }
    online.forEach((nick, e) -> {
      Remote r = remote.get(nick);
      if (listener.onlineHere(nick) || r != null && !r.node().equals(node)) {
        return; // online here or on a third node: those events are newer than this snapshot's
      }
      if (r == null) { // its online event was lost; no replacing: this is old news
        r = new Remote(node, e.encKey(), e.sigKey(), new HashSet<>());
        remote.put(nick, r);
      }
      Set<String> now = roomsOf.get(nick);
      for (String room : List.copyOf(r.rooms())) {
        if (!now.contains(room)) {
          unindex(room, node);
          r.rooms().remove(room);
          listener.remoteLeft(room, nick, false);
        }
      }
      for (String room : now) {
        listener.memberSeen(room, nick);
        if (r.rooms().add(room)) {
          index(room, node);
          listener.remoteEntered(room, nick, r.encKey(), r.sigKey(), false);
        }
      }
    });
  }

  private List<String> nicksOn(String node) {
    List<String> out = new ArrayList<>();
    remote.forEach((nick, r) -> {
      if (r.node().equals(node)) {
        out.add(nick);
      }
    });
    return out;
  }

  /** Forgets a remote session and its rooms; returns what it was. */
  private Remote drop(String nick) {
    Remote r = remote.remove(nick);
    if (r != null) {
      r.rooms().forEach(room -> unindex(room, r.node()));
    }
    return r;
  }

  private void index(String room, String node) {
    nodesByRoom.computeIfAbsent(room, x -> new HashMap<>(4)).merge(node, 1, Integer::sum);
  }

  private void unindex(String room, String node) {
    Map<String, Integer> nodes = nodesByRoom.get(room);
    if (nodes != null && nodes.computeIfPresent(node, (n, c) -> c > 1 ? c - 1 : null) == null && nodes.isEmpty()) {
      nodesByRoom.remove(room);
    }
  }

  private void publish(Event e) {
    vertx.eventBus().publish(ADDRESS, e.toJson());
  }

  private void onEvent(Event e) {
    if (e.node() == null || e.node().equals(self)) {
      return;
    }
    switch (e.change()) {
      case Event.HELLO -> listener.localState().forEach(mine -> vertx.eventBus().send(ADDRESS + "." + e.node(), mine.toJson()));
      case Event.ONLINE -> {
        drop(e.nick());
        remote.put(e.nick(), new Remote(e.node(), e.encKey(), e.sigKey(), new HashSet<>()));
        listener.remoteOnline(e.nick(), e.fingerprint());
      }
      case Event.OFFLINE -> {
        Remote r = remote.get(e.nick());
        if (r != null && r.node().equals(e.node())) {
          drop(e.nick());
        }
      }
      case Event.ENTER -> {
        Remote r = remote.get(e.nick());
        if (r != null && r.node().equals(e.node()) && r.rooms().add(e.room())) {
          index(e.room(), e.node());
        }
        listener.remoteEntered(e.room(), e.nick(), e.encKey(), e.sigKey(), e.member());
      }
      case Event.LEAVE -> {
        Remote r = remote.get(e.nick());
        if (r != null && r.node().equals(e.node())) {
          if (r.rooms().remove(e.room())) {
            unindex(e.room(), e.node());
          }
        } else if (r != null && !e.member()) {
          return; // a replaced connection going: the identity is online on another node now
        }
        listener.remoteLeft(e.room(), e.nick(), e.member());
      }
      default -> { } // a newer node's change this one does not know
    }
  }
}
