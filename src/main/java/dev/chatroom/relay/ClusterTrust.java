package dev.chatroom.relay;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which cluster nodes proved they hold a certificate from the cluster CA. Hazelcast's open-source
 * member protocol lets anyone who reaches its port join and write the claims map; only the event
 * bus is mutual TLS. A node counts as trusted once it answered a request over the event bus
 * (both directions cross a TLS connection whose peer certificate chains to the CA), so members a
 * stranger wrote into the claims map are never shown. With TLS off every node is trusted: there
 * is nothing to prove.
 */
public final class ClusterTrust {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterTrust.class);
  static final String PROOF_PREFIX = "chatroom.cluster.proof.";
  // 5 s; a test's stranger, whose every proof fails, gives up sooner (not a relay setting)
  public static final long PROOF_TIMEOUT_MS = Math.max(1, Long.getLong("chatroom.hazelcast.proof_timeout_ms", 5000));
  // a node that is still starting fails too; warn only when it keeps failing this long (15 s;
  // tests that start a stranger shorten it: chatroom.hazelcast.* is not a relay setting)
  private static final long WARN_AFTER_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
      Math.max(0, Long.getLong("chatroom.hazelcast.unproven_warn_after_ms", 15_000)));

  private final Vertx vertx;
  private final String self;
  private final boolean required;
  private final Set<String> trusted = ConcurrentHashMap.newKeySet();
  private final java.util.Map<String, Long> failingSince = new ConcurrentHashMap<>();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private MessageConsumer<String> consumer;
  private volatile java.util.function.Consumer<String> onTrusted = node -> { };

  public ClusterTrust(Vertx vertx, String self, boolean tlsOn) {
    this.vertx = vertx;
    this.self = self;
    this.required = tlsOn;
  }

  /**
   * Answers other nodes' proof requests with this node's id. A request that arrived proves its
   * sender too: it came over a TLS connection whose client certificate chains to the CA.
   */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(PROOF_PREFIX + self, msg -> {
      msg.reply(self);
      if (required && msg.body() != null && proven(msg.body())) {
        onTrusted.accept(msg.body());
      }
    });
    return consumer.completion();
  }

  /** Called with each node that becomes trusted by its own request (not by {@link #verify}). */
  void onTrusted(java.util.function.Consumer<String> listener) { onTrusted = listener; }

  /** Returns whether the node was not trusted before. */
  private boolean proven(String node) {
    failingSince.remove(node);
    if (warned.remove(node)) {
      LOG.info("cluster node {} answered over the TLS event bus; its members are shown", node);
    }
    return trusted.add(node);
  }

  Future<Void> stop() { return consumer == null ? Future.succeededFuture() : consumer.unregister(); }

  /** Asks {@code node} to answer over the event bus; completes with whether it is now trusted. */
  Future<Boolean> verify(String node) {
    if (!required || node.equals(self)) {
      return Future.succeededFuture(true);
    }
    return vertx.eventBus().<String>request(PROOF_PREFIX + node, self, new DeliveryOptions().setSendTimeout(PROOF_TIMEOUT_MS))
        .map(reply -> node.equals(reply.body()))
        .otherwise(false)
        .onSuccess(ok -> {
          if (ok) {
            proven(node);
          } else if (!trusted.contains(node)) { // its own request may have proven it meanwhile
            long since = failingSince.computeIfAbsent(node, n -> System.nanoTime());
            if (System.nanoTime() - since >= WARN_AFTER_NANOS && warned.add(node)) {
              LOG.warn("cluster node {} does not answer over the TLS event bus (no certificate from the cluster CA?);"
                  + " its members are ignored until it does", node);
            }
          }
        });
  }

  /** Verifies every node in {@code nodes}, together. */
  public Future<Void> verifyAll(Collection<String> nodes) {
    List<Future<Boolean>> checks = new ArrayList<>();
    nodes.forEach(n -> checks.add(verify(n)));
    return Future.join(checks).otherwiseEmpty().mapEmpty();
  }

  /**
   * Removes the claims of nodes not trusted now, before this node reads the map at start-up: a
   * client connecting at once must not be shown a stranger's members.
   */
  public Future<Void> purgeUntrustedClaims() {
    if (!required) {
      return Future.succeededFuture();
    }
    return vertx.sharedData().<String, io.vertx.core.json.JsonArray>getAsyncMap(Membership.CLAIMS_MAP)
        .compose(map -> map.values().compose(values -> {
          List<Future<Boolean>> removals = new ArrayList<>();
          for (var value : values) {
            Membership.Member m = Membership.Member.fromJson(value);
            if (!trusted(m.node())) {
              removals.add(map.removeIfPresent(m.claimKey(), value));
            }
          }
          return Future.join(removals).mapEmpty();
        }));
  }

  /** Forgets a node that left: if it comes back it proves itself again. */
  void forget(String node) {
    trusted.remove(node);
    failingSince.remove(node);
    warned.remove(node);
  }

  boolean trusted(String node) { return !required || node.equals(self) || trusted.contains(node); }

  /** The nodes of {@code live} whose members may be shown. */
  Set<String> filter(Collection<String> live) {
    return live.stream().filter(this::trusted).collect(Collectors.toSet());
  }
}
