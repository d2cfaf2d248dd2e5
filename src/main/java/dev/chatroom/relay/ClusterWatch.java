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
 * after any change, and every minute, each node reconciles its view with the claims map.
 * Listens on Hazelcast directly: Vert.x keeps its single node listener for itself.
 */
final class ClusterWatch implements MembershipListener {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);
  // the attribute vertx-hazelcast puts on each member: its Vert.x node id
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
  private static final long SETTLE_MS = 1500;
  private static final long PERIOD_MS = 60_000;

  private final Vertx vertx;
  private final HazelcastClusterManager manager;
  private final RelayServer relay;
  private final HazelcastInstance hazelcast;
  private UUID membershipId;
  private UUID lifecycleId;
  private long timer;

  ClusterWatch(Vertx vertx, HazelcastClusterManager manager, RelayServer relay) {
    this.vertx = vertx;
    this.manager = manager;
    this.relay = relay;
    this.hazelcast = manager.getHazelcastInstance();
  }

  void start() {
    membershipId = hazelcast.getCluster().addMembershipListener(this);
    lifecycleId = hazelcast.getLifecycleService().addLifecycleListener(this::lifecycle);
    timer = vertx.setPeriodic(PERIOD_MS, t -> reconcile(false));
    // a change made while this node's subscriptions were spreading may have missed it
    vertx.setTimer(SETTLE_MS, t -> reconcile(false));
  }

  void stop() {
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
    LOG.info("cluster node {} joined ({} nodes)", nodeId(event), event.getMembers().size());
    vertx.setTimer(SETTLE_MS, t -> reconcile(false));
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    String lost = nodeId(event);
    if (lost != null) {
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
    Set<String> live = new HashSet<>(manager.getNodes());
    relay.reconcile(live, announceLocals);
  }

  private static String nodeId(MembershipEvent event) {
    return event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
  }
}
