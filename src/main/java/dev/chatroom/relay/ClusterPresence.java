package dev.chatroom.relay;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
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
 * takes its sessions offline with it. Memberships themselves are in the shared store.
 */
final class ClusterPresence {
  static final String ADDRESS = "chatroom.v2.presence";

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
  }

  private final Vertx vertx;
  private final String self;
  private final Listener listener;
  private final Map<String, Remote> remote = new HashMap<>();
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  ClusterPresence(Vertx vertx, String self, Listener listener) {
    this.vertx = vertx;
    this.self = self;
    this.listener = listener;
  }

  Future<Void> start() {
    consumers.add(vertx.eventBus().consumer(ADDRESS, msg -> onEvent(Event.fromJson(msg.body()))));
    consumers.add(vertx.eventBus().consumer(ADDRESS + "." + self, msg -> onEvent(Event.fromJson(msg.body()))));
    return Future.all(consumers.get(0).completion(), consumers.get(1).completion())
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

  /** A node is gone: its sessions went offline with it. */
  void nodeGone(String node) {
    for (var it = remote.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (e.getValue().node().equals(node)) {
        it.remove();
        for (String room : e.getValue().rooms()) {
          listener.remoteLeft(room, e.getKey(), false);
        }
      }
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
        remote.put(e.nick(), new Remote(e.node(), e.encKey(), e.sigKey(), new HashSet<>()));
        listener.remoteOnline(e.nick(), e.fingerprint());
      }
      case Event.OFFLINE -> {
        Remote r = remote.get(e.nick());
        if (r != null && r.node().equals(e.node())) {
          remote.remove(e.nick());
        }
      }
      case Event.ENTER -> {
        Remote r = remote.get(e.nick());
        if (r != null && r.node().equals(e.node())) {
          r.rooms().add(e.room());
        }
        listener.remoteEntered(e.room(), e.nick(), e.encKey(), e.sigKey(), e.member());
      }
      case Event.LEAVE -> {
        Remote r = remote.get(e.nick());
        if (r != null && r.node().equals(e.node())) {
          r.rooms().remove(e.room());
        } else if (r != null && !e.member()) {
          return; // a replaced connection going: the identity is online on another node now
        }
        listener.remoteLeft(e.room(), e.nick(), e.member());
      }
      default -> { } // a newer node's change this one does not know
    }
  }
}
