package dev.chatroom.relay;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.protocol.ErrorCode;
import dev.chatroom.protocol.Frame;
import dev.chatroom.store.RelayStore;
import dev.chatroom.store.StoreException;
import dev.chatroom.store.StoreLocation;
import dev.chatroom.tls.TlsPolicy;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relay node: wires its seams together ({@link RelayCore}), accepts clients and runs the
 * node's side of the cluster. A batch for members on other nodes goes to one address per node
 * that has recipients in it ("chatroom.node.<id>"), so it crosses the cluster once per node,
 * never once per recipient. Node addresses exist from a node's start, so no sender can hold a
 * stale routing entry for a member that has just joined (per-room addresses could, while
 * subscriptions propagate). Members on this node get their part at once, without an event-bus
 * hop: the same routing code runs on one node and in a cluster ({@link Router}).
 */
public final class RelayNode extends VerticleBase implements Membership.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(RelayNode.class);
  static final String NODE_ADDRESS_PREFIX = "chatroom.node.";
  static final String FLUSH_SUFFIX = ".flush";

  private final RelayConfig config;
  private final RelayStats stats;
  private final String nodeId;
  private final LongSupplier clock;
  private final UnaryOperator<RelayStore> storeSeam;
  private final OutputBudget outputBudget;
  private final LocalRooms localRooms = new LocalRooms();
  private final Connections connections;
  private RelayCore core;
  private V2Relay v2;
  private Reconciler reconciler;
  private MessageConsumer<RoomBatch> inbox;
  private MessageConsumer<String> flushes;
  private NetServer server;
  private long sweepTimer;
  private volatile boolean listening; // read by the health check from another thread

  public RelayNode(RelayConfig config, RelayStats stats, String nodeId) {
    this(config, stats, nodeId, System::nanoTime, UnaryOperator.identity());
  }

  /**
   * {@code clock} gives nanoseconds like {@link System#nanoTime}; tests pass one they move by hand,
   * and a {@code storeSeam} that wraps the opened store (to hold one of its answers back).
   */
  RelayNode(RelayConfig config, RelayStats stats, String nodeId, LongSupplier clock,
      UnaryOperator<RelayStore> storeSeam) {
    this.config = config;
    this.stats = stats;
    this.nodeId = nodeId;
    this.clock = clock;
    this.storeSeam = storeSeam;
    this.outputBudget = new OutputBudget(config.effectiveOutputBudgetBytes());
    this.connections = new Connections(config, stats, clock, outputBudget);
  }

  @Override
  public Future<?> start() {
    try {
      vertx.eventBus().registerDefaultCodec(RoomBatch.class, new RoomBatch.Codec());
    } catch (IllegalStateException alreadyRegistered) {
      // another node in this Vert.x instance (tests, bench) registered it first
    }
    TaskEnd taskEnd = new TaskEnd(this::publish, outputBudget, clock, task -> context.runOnContext(v -> task.run()),
        connections::enforceOutputBudget);
    Membership membership = new Membership(vertx, nodeId, this, taskEnd::run);
    Router router = new Router(nodeId, membership::find, localRooms::in);
    core = new RelayCore(config, stats, clock, vertx, outputBudget, membership, localRooms, router, connections, taskEnd);
    reconciler = new Reconciler(membership, this::lostClaim);
    inbox = vertx.eventBus().consumer(NODE_ADDRESS_PREFIX + nodeId, msg -> {
      stats.busBatchesIn.increment();
      router.arrived(msg.body());
      core.endTask();
    });
    // answered in order after every batch sent here before it: a stopping node's send barrier
    flushes = vertx.eventBus().consumer(NODE_ADDRESS_PREFIX + nodeId + FLUSH_SUFFIX, msg -> msg.reply("ok"));
    long shortest = Math.min(config.idleTimeout().toMillis(), config.joinTimeout().toMillis());
    long sweepMs = Math.max(20, Math.min(1000, shortest / 4));
    sweepTimer = vertx.setPeriodic(sweepMs, t -> {
      connections.sweep();
      core.endTask();
    });
    return Future.all(inbox.completion(), flushes.completion())
        .compose(v -> membership.start())
        .onSuccess(v -> countMembers())
        .compose(v -> openStore())
        .onSuccess(relay -> v2 = relay)
        .compose(v -> vertx.executeBlocking(() -> {
          CryptoWarmup.run();
          return null;
        }))
        .compose(v -> vertx.createNetServer(serverOptions()).connectHandler(this::accept)
            .listen(config.port(), config.host()))
        .onSuccess(s -> {
          server = s;
          listening = true;
          LOG.info("relay listening on {}:{}{}", config.host(), s.actualPort(), config.tls().enabled() ? " (TLS)" : "");
        });
  }

  /** Closes every client (their rooms hear {@code left}) and stops listening. */
  @Override
  public Future<?> stop() {
    listening = false;
    vertx.cancelTimer(sweepTimer);
    connections.closeAll(CloseReason.SHUTDOWN);
    core.endTask();
    Future<Void> closing = server == null ? Future.succeededFuture() : server.close();
    return closing.compose(v -> flushToOtherNodes())
        .compose(v -> core.membership().stop())
        .compose(v -> Future.all(inbox.unregister(), flushes.unregister()))
        .compose(v -> v2 == null ? Future.succeededFuture() : v2.stop()) // queued writes finish first
        .mapEmpty();
  }

  /** Opens (and migrates) the version 2 store; a store that cannot be opened stops the start. */
  private Future<V2Relay> openStore() {
    StoreLocation location;
    try {
      location = StoreLocation.parse(config.stored().store());
    } catch (StoreException e) {
      return Future.failedFuture(e);
    }
    return RelayStore.open(vertx, location).map(storeSeam)
        .compose(store -> V2Relay.start(core, store, config.stored(), config.cluster().enabled() ? nodeId : null)
            .onFailure(e -> store.closeAsync()));
  }

  /** The first step of every task's end: frames accepted go to the store, batches to their nodes. */
  private void publish() {
    if (v2 != null) {
      v2.flushSequencer();
    }
    core.router().flush((node, batch) -> {
      stats.busBatchesOut.increment();
      vertx.eventBus().send(NODE_ADDRESS_PREFIX + node, batch);
    });
  }

  /**
   * Waits until every node holding members has received what this one sent it (the event bus
   * keeps one ordered connection per node pair), so a clean stop loses no message.
   */
  private Future<Void> flushToOtherNodes() {
    List<Future<?>> acks = new ArrayList<>();
    for (String other : core.membership().nodes()) {
      if (!other.equals(nodeId)) {
        acks.add(vertx.eventBus().request(NODE_ADDRESS_PREFIX + other + FLUSH_SUFFIX, "flush",
            new DeliveryOptions().setSendTimeout(2000)));
      }
    }
    return Future.join(acks).otherwiseEmpty().mapEmpty();
  }

  public int port() { return server.actualPort(); }

  /** The version 2 services (for tests that reach the store behind the relay's back). */
  V2Relay v2() { return v2; }

  /** Whether the client port accepts connections (false before start and from stop on). */
  boolean listening() { return listening; }

  /** Completes on this node's event loop: proof that it still runs tasks. */
  Future<Void> ping() {
    Promise<Void> answered = Promise.promise();
    context.runOnContext(v -> answered.complete());
    return answered.future();
  }

  /** Runs {@code read} on this node's event loop and completes with its answer (for tests that look at its state). */
  <T> Future<T> onLoop(java.util.function.Supplier<T> read) {
    Promise<T> answered = Promise.promise();
    context.runOnContext(v -> answered.complete(read.get()));
    return answered.future();
  }

  /** The bytes queued for all clients of this node, read on its event loop (for tests). */
  Future<Long> outputQueuedBytes() {
    Promise<Long> read = Promise.promise();
    context.runOnContext(v -> read.complete(outputBudget.queued()));
    return read.future();
  }

  private NetServerOptions serverOptions() {
    NetServerOptions options = new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true);
    if (config.tls().enabled()) {
      options.setSsl(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tls().certFile()).setKeyPath(config.tls().keyFile()));
      TlsPolicy.restrict(options);
    }
    return options;
  }

  private void accept(NetSocket socket) {
    Connection connection = new Connection(core, v2, socket, AddressLimits.key(socket.remoteAddress()));
    if (connections.admit(connection)) {
      LOG.info("connect {}", socket.remoteAddress());
      connection.start();
    }
  }

  // ---- membership changes, from any node

  void onNodeLeft(String lostNodeId) {
    context.runOnContext(v -> {
      LOG.info("cluster node {} is gone; its members leave", lostNodeId);
      core.membership().forgetNode(lostNodeId);
      if (v2 != null && v2.cluster() != null) {
        v2.cluster().nodeGone(lostNodeId);
      }
      core.endTask();
    });
  }

  /** Checks the replica against the claims map; see {@link Reconciler}. */
  void reconcile(Set<String> liveNodes, boolean announceLocals) {
    context.runOnContext(v -> {
      if (v2 != null && v2.cluster() != null) {
        v2.cluster().live(liveNodes);
      }
      reconciler.run(liveNodes, announceLocals).onComplete(r -> core.endTask());
    });
  }

  /** Someone else holds this local member's nick now (taken while this node was cut off). */
  private void lostClaim(Membership.Member member) {
    Connection c = localRooms.in(member.room()).get(member.nick());
    if (c != null && c.member() == member) {
      LOG.info("{} lost nick in room {} while this node was cut off from the cluster", member.nick(), member.room());
      c.error(ErrorCode.NICK_TAKEN, "this relay was cut off from the cluster and nick '"
          + member.nick() + "' was taken meanwhile in room '" + member.room() + "'; join again", null);
      c.close(CloseReason.ERROR);
      core.endTask(); // found in the middle of a reconciliation pass: the error and the left go out now
    }
  }

  @Override
  public void joined(Membership.Member member) {
    tellRoom(member.room(), member.nick(), new Frame.Joined(member.nick(), member.encKey(), member.sigKey()),
        new Frame.Joined(member.nick(), member.encKey(), member.sigKey(), member.room(), 1));
  }

  @Override
  public void left(Membership.Member member) {
    tellRoom(member.room(), member.nick(), new Frame.Left(member.nick()), new Frame.Left(member.nick(), member.room()));
  }

  private void countMembers() {
    stats.members.set(core.membership().size());
    stats.rooms.set(core.membership().roomCount());
  }

  /**
   * A version 1 member came or went: v1 connections get {@code toV1}, v2 ones {@code toV2}.
   * Only queued: whatever task caused the change writes it when it ends.
   */
  private void tellRoom(String room, String except, Frame toV1, Frame toV2) {
    countMembers();
    localRooms.tellOthers(room, except, toV1, toV2);
  }
}
