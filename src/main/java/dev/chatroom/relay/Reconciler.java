package dev.chatroom.relay;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one node's replica back in line with the cluster-wide claims map. Events alone can
 * miss a change: a node joining while others publish, a lost node noticed by nobody, a node
 * that was cut off (SIGSTOP, network split) and merged back. Here the claims map is the truth:
 * claims of nodes no longer in the cluster are removed (no ghost keeps a nick), members the
 * replica lacks are added, members the map lost are reported left, and a local member whose
 * claim vanished is claimed again, or disconnected when someone else took the nick meanwhile.
 * Runs on the relay node's event loop, one pass at a time.
 */
final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final Membership membership;
  private final Consumer<Membership.Member> lostLocal;
  private final Supplier<Future<List<JsonArray>>> readClaims; // remote in a cluster: other events come meanwhile
  private boolean running;
  private Set<String> pendingLive; // a pass asked for while one runs
  private boolean pendingAnnounce;

  Reconciler(Membership membership, Consumer<Membership.Member> lostLocal) {
    this(membership, lostLocal, () -> membership.claims().values());
  }

  /** {@code readClaims}: the claims map's values (a test delays them, as a remote map does). */
  Reconciler(Membership membership, Consumer<Membership.Member> lostLocal, Supplier<Future<List<JsonArray>>> readClaims) {
    this.membership = membership;
    this.lostLocal = lostLocal;
    this.readClaims = readClaims;
  }

  /**
   * One pass against {@code liveNodes}, the node ids now in the cluster. {@code announceLocals}
   * re-publishes every local member, for nodes that dropped them while this one was cut off.
   */
  Future<Void> run(Set<String> liveNodes, boolean announceLocals) {
    if (running) {
      pendingLive = liveNodes;
      pendingAnnounce |= announceLocals;
      return Future.succeededFuture();
    }
    running = true;
    membership.markLive(liveNodes);
    List<Membership.Member> before = membership.all();
    return readClaims.get()
        .compose(values -> apply(values, before, liveNodes, announceLocals))
        .onFailure(e -> LOG.warn("membership reconciliation failed, will retry: {}", e.toString()))
        .eventually(() -> {
          running = false;
          if (pendingLive != null) {
            Set<String> next = pendingLive;
            boolean announce = pendingAnnounce;
            pendingLive = null;
            pendingAnnounce = false;
            run(next, announce);
          }
          return Future.succeededFuture();
        });
  }

  private Future<Void> apply(List<JsonArray> values, List<Membership.Member> before,
      Set<String> liveNodes, boolean announceLocals) {
    String self = membership.nodeId();
    List<Future<?>> work = new ArrayList<>();
    Map<String, Membership.Member> claimed = new HashMap<>();
    for (JsonArray value : values) {
      Membership.Member m = Membership.Member.fromJson(value);
      if (!liveNodes.contains(m.node()) && !m.node().equals(self)) {
        work.add(membership.claims().removeIfPresent(m.claimKey(), value)); // a lost node's ghost
        continue;
      }
      claimed.put(m.claimKey(), m);
      // a ghost: it left, or its node was lost while this pass read the map (liveNodes is older)
      if (!m.node().equals(self) && !sameSession(membership.find(m.room(), m.nick()), m)
          && !membership.isGhost(m)) {
        membership.applyAndTell(m, true);
      }
    }
    for (Membership.Member m : before) {
      if (m.node().equals(self)) {
        continue; // local members are checked below, against their live connections
      }
      if (!sameSession(claimed.get(m.claimKey()), m) && sameSession(membership.find(m.room(), m.nick()), m)) {
        membership.applyAndTell(m, false);
      }
    }
    for (Membership.Member local : membership.all()) {
      if (local.node().equals(self)) {
        work.add(checkLocal(local, claimed.get(local.claimKey()), announceLocals));
      }
    }
    return Future.join(work).mapEmpty();
  }

  private Future<Void> checkLocal(Membership.Member local, Membership.Member claim, boolean announce) {
    if (claim != null && !sameSession(claim, local)) {
      lostLocal.accept(local);
      return Future.succeededFuture();
    }
    if (claim != null) {
      if (announce) {
        membership.reannounce(local);
      }
      return Future.succeededFuture();
    }
    // Our claim is gone (removed by nodes that thought this one dead): take it again if free.
    return membership.claims().putIfAbsent(local.claimKey(), local.toJson()).map(previous -> {
      if (previous == null || sameSession(Membership.Member.fromJson(previous), local)) {
        membership.reannounce(local);
      } else if (sameSession(membership.find(local.room(), local.nick()), local)) {
        lostLocal.accept(local);
      }
      return null;
    });
  }

  private static boolean sameSession(Membership.Member a, Membership.Member b) {
    return a != null && b != null && a.session().equals(b.session()) && a.node().equals(b.node());
  }
}
