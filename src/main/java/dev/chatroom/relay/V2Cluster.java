package dev.chatroom.relay;

import dev.chatroom.protocol.Frame;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Version 2 across the nodes of a cluster that share one PostgreSQL store (docs/CLUSTER.md):
 * room owners that sequence ({@link OwnerSequencer}), stored batches that every node routes
 * and checks for holes ({@link ClusterDeliveries}), and presence between nodes
 * ({@link ClusterPresence}), whose news this applies to the local rooms.
 */
final class V2Cluster implements ClusterPresence.Listener {
  private final V2Relay relay;
  private final RelayCore core;
  private final String nodeId;
  final RoomOwners owners;
  final OwnerSequencer sequencer;
  final ClusterDeliveries deliveries;
  final ClusterPresence presence;

  V2Cluster(RelayCore core, String nodeId, V2Relay relay, Sequencer local) {
    this.core = core;
    this.nodeId = nodeId;
    this.relay = relay;
    this.owners = new RoomOwners(nodeId);
    this.sequencer = new OwnerSequencer(core.vertx(), owners, local, core::endTask, this::nodesWithSessions, core.stats());
    this.deliveries = new ClusterDeliveries(core.vertx(), relay, nodeId, core.stats());
    this.presence = new ClusterPresence(core.vertx(), nodeId, this);
  }

  Future<Void> start() {
    return Future.all(sequencer.start(), deliveries.start(), presence.start()).mapEmpty();
  }

  Future<Void> stop() {
    return Future.join(sequencer.stop(), deliveries.stop(), presence.stop()).mapEmpty();
  }

  /** The trusted nodes now in the cluster (after every change and every minute); presence resyncs with them. */
  void live(Set<String> nodes) {
    owners.live(nodes);
    presence.resync(nodes);
  }

  /**
   * The nodes a stored batch of {@code room} goes to: this one and those with a version 2
   * session in it (presence) or a version 1 member (the replica). A node missed here still
   * gets the frames from the store (hole or tail check), only later.
   */
  Set<String> nodesWithSessions(String room) {
    Set<String> out = new java.util.HashSet<>(presence.nodesIn(room));
    if (!core.localRooms().in(room).isEmpty()) {
      out.add(nodeId);
    }
    for (Membership.Member m : core.membership().members(room)) {
      out.add(m.node());
    }
    return out;
  }

  void nodeGone(String lost) {
    owners.gone(lost);
    sequencer.ownerGone(lost);
    presence.nodeGone(lost);
  }

  // ---- news from other nodes

  @Override
  public void remoteOnline(String nick, String fingerprint) {
    relay.onlineElsewhere(nick, fingerprint);
  }

  @Override
  public void remoteEntered(String room, String nick, String encKey, String sigKey, boolean member) {
    if (member) {
      relay.rooms().add(room, nick);
    }
    Frame toV2 = member ? new Frame.Joined(nick, encKey, sigKey, room, 2) : new Frame.Presence(room, nick, true);
    core.localRooms().tellOthers(room, nick, new Frame.Joined(nick, encKey, sigKey), toV2);
    core.endTask();
  }

  @Override
  public void remoteLeft(String room, String nick, boolean member) {
    if (member) {
      relay.rooms().remove(room, nick);
    } else if (relay.isOnlineHere(nick)) {
      return; // it moved to this node: its new connection told the room already
    }
    Frame toV2 = member ? new Frame.Left(nick, room) : new Frame.Presence(room, nick, false);
    core.localRooms().tellOthers(room, nick, new Frame.Left(nick), toV2);
    core.endTask();
  }

  @Override
  public boolean onlineHere(String nick) {
    return relay.isOnlineHere(nick);
  }

  @Override
  public void memberSeen(String room, String nick) {
    relay.rooms().add(room, nick);
  }

  @Override
  public List<ClusterPresence.Event> localState() {
    List<ClusterPresence.Event> out = new ArrayList<>();
    for (V2Session s : relay.sessions()) {
      out.add(new ClusterPresence.Event(ClusterPresence.Event.ONLINE, nodeId, s.nick(), null, s.fingerprint(),
          s.encKey(), s.sigKey(), false));
      for (String room : s.rooms()) {
        out.add(new ClusterPresence.Event(ClusterPresence.Event.ENTER, nodeId, s.nick(), room, null,
            s.encKey(), s.sigKey(), false));
      }
    }
    return out;
  }
}
