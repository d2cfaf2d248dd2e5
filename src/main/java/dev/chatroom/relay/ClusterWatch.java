package dev.chatroom.relay;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns Hazelcast membership changes into relay actions: a lost node's members leave at once;
 * a new node first proves the cluster certificate ({@link ClusterTrust}); after any change, and
 * every minute, each node reconciles its view with the claims map, counting only trusted nodes.
 * Listens on Hazelcast directly: Vert.x keeps its single node listener for itself.
 */
public final class ClusterWatch implements MembershipListener {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);
  // the attribute vertx-hazelcast puts on each member: its Vert.x node id
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
  private static final long SETTLE_MS = 1500;
  private static final long PERIOD_MS = 60_000;
  // a node that has not proved itself yet is asked again, sooner at first (it may be starting)
  private static final long RETRY_FIRST_MS = 250;
  private static final long RETRY_MAX_MS = 5_000;

  private final Vertx vertx;
  private final HazelcastClusterManager manager;
  private final RelayServer relay;
  private final HazelcastInstance hazelcast;
  private final ClusterTrust trust;
  private UUID membershipId;
  private UUID lifecycleId;
  private long timer;

  public ClusterWatch(Vertx vertx, HazelcastClusterManager manager, RelayServer relay, ClusterTrust trust) {
    this.vertx = vertx;
    this.manager = manager;
    this.relay = relay;
    this.hazelcast = manager.getHazelcastInstance();
    this.trust = trust;
  }

  public void start() {
    trust.onTrusted(node -> vertx.setTimer(SETTLE_MS, t -> reconcile(false)));
    membershipId = hazelcast.getCluster().addMembershipListener(this);
    lifecycleId = hazelcast.getLifecycleService().addLifecycleListener(this::lifecycle);
    timer = vertx.setPeriodic(PERIOD_MS, t -> reconcile(false));
    // at once: drop what the start-up read of the claims map took from untrusted nodes
    reconcile(false);
    // a change made while this node's subscriptions were spreading may have missed it
    vertx.setTimer(SETTLE_MS, t -> reconcile(false));
    for (String node : manager.getNodes()) {
      if (!trust.trusted(node)) {
        vertx.setTimer(RETRY_FIRST_MS, t -> verifyThenReconcile(node, RETRY_FIRST_MS));
      }
    }
  }

  public void stop() {
    vertx.cancelTimer(timer);
    try {
      hazelcast.getCluster().removeMembershipListener(membershipId);
      hazelcast.getLifecycleService().removeLifecycleListener(lifecycleId);
    } catch (RuntimeException alreadyDown) {
      // Hazelcast is shutting down; nothing left to stop listening to
    }
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    String node = nodeId(event);
    LOG.info("cluster node {} joined ({} nodes)", node, event.getMembers().size());
    if (node == null) {
      vertx.setTimer(SETTLE_MS, t -> reconcile(false));
    } else {
      verifyThenReconcile(node, RETRY_FIRST_MS);
    }
  }

  /** Reconciles once the node proved itself; asks again later while it stays unproven. */
  private void verifyThenReconcile(String node, long retryMs) {
    trust.verify(node).onSuccess(ok -> {
      if (ok) {
        vertx.setTimer(SETTLE_MS, t -> reconcile(false));
        return;
      }
      if (trust.trusted(node)) {
        return; // its own request proved it meanwhile, and onTrusted reconciled
      }
      if (manager.isActive() && manager.getNodes().contains(node)) {
        long next = Math.min(RETRY_MAX_MS, retryMs * 2);
        vertx.setTimer(retryMs, t -> verifyThenReconcile(node, next));
      }
    });
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    String lost = nodeId(event);
    if (lost != null) {
      trust.forget(lost);
      relay.nodeLeft(lost);
    }
    vertx.setTimer(SETTLE_MS, t -> reconcile(false));
  }

  private void lifecycle(LifecycleEvent event) {
    if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
      LOG.info("this node merged back into the cluster; re-announcing its members");
      vertx.setTimer(SETTLE_MS, t -> reconcile(true));
    }
  }

  private void reconcile(boolean announceLocals) {
    if (!manager.isActive()) {
      return;
    }
    Set<String> live = trust.filter(new HashSet<>(manager.getNodes()));
    relay.reconcile(live, announceLocals);
  }

  private static String nodeId(MembershipEvent event) {
    return event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
  }
}
