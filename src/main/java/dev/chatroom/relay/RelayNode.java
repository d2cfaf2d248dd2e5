package dev.chatroom.relay;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.protocol.ErrorCode;
import dev.chatroom.protocol.Frame;
import dev.chatroom.tls.TlsPolicy;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relay node: accepts clients, routes their messages and writes each client once per event.
 * A batch for members on other nodes goes to one address per node that has recipients in it
 * ("chatroom.node.<id>"), so it crosses the cluster once per node, never once per recipient.
 * Node addresses exist from a node's start, so no sender can hold a stale routing entry for a
 * member that has just joined (per-room addresses could, while subscriptions propagate).
 * Members on this node get their part at once, without an event-bus hop: the same routing code
 * runs on one node and in a cluster, and the hop measurably widened the latency tail.
 */
public final class RelayNode extends VerticleBase implements Membership.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(RelayNode.class);
  static final String NODE_ADDRESS_PREFIX = "chatroom.node.";
  static final String FLUSH_SUFFIX = ".flush";
  private static final long BUDGET_CHECK_INTERVAL_NANOS = 10_000_000L;

  private final RelayConfig config;
  private final RelayStats stats;
  private final String nodeId;
  private final LongSupplier clock;
  private final AddressLimits addressLimits;
  private final OutputBudget outputBudget;
  private boolean budgetCheckQueued;
  private long lastBudgetCheckNanos;
  private final Set<Connection> connections = new HashSet<>();
  private final Map<String, Map<String, Connection>> localByRoom = new HashMap<>();
  private final Map<String, RoomBatch> outgoing = new LinkedHashMap<>();
  private final List<Connection> dirty = new ArrayList<>();
  private Membership membership;
  private V2Relay v2;
  private Reconciler reconciler;
  private MessageConsumer<RoomBatch> inbox;
  private MessageConsumer<String> flushes;
  private NetServer server;
  private long sweepTimer;
  private volatile boolean listening; // read by the health check from another thread

  public RelayNode(RelayConfig config, RelayStats stats, String nodeId) {
    this(config, stats, nodeId, System::nanoTime);
  }

  /** {@code clock} gives nanoseconds like {@link System#nanoTime}; tests pass one they move by hand. */
  RelayNode(RelayConfig config, RelayStats stats, String nodeId, LongSupplier clock) {
    this.config = config;
    this.stats = stats;
    this.nodeId = nodeId;
    this.clock = clock;
    this.addressLimits = new AddressLimits(config.maxConnectionsPerAddress(), config.connectRatePerSecond(),
        config.connectRateBurst());
    this.outputBudget = new OutputBudget(config.effectiveOutputBudgetBytes());
    this.lastBudgetCheckNanos = clock.getAsLong() - BUDGET_CHECK_INTERVAL_NANOS;
  }

  @Override
  public Future<?> start() {
    try {
      vertx.eventBus().registerDefaultCodec(RoomBatch.class, new RoomBatch.Codec());
    } catch (IllegalStateException alreadyRegistered) {
      // another node in this Vert.x instance (tests, bench) registered it first
    }
    membership = new Membership(vertx, nodeId, this, this::afterEvent);
    reconciler = new Reconciler(membership, this::lostClaim);
    inbox = vertx.eventBus().consumer(NODE_ADDRESS_PREFIX + nodeId, msg -> deliver(msg.body()));
    // answered in order after every batch sent here before it: a stopping node's send barrier
    flushes = vertx.eventBus().consumer(NODE_ADDRESS_PREFIX + nodeId + FLUSH_SUFFIX, msg -> msg.reply("ok"));
    long shortest = Math.min(config.idleTimeout().toMillis(), config.joinTimeout().toMillis());
    long sweepMs = Math.max(20, Math.min(1000, shortest / 4));
    sweepTimer = vertx.setPeriodic(sweepMs, t -> sweepIdle());
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
    for (Connection c : new ArrayList<>(connections)) {
      c.close(CloseReason.SHUTDOWN);
    }
    afterEvent();
    Future<Void> closing = server == null ? Future.succeededFuture() : server.close();
    return closing.compose(v -> flushToOtherNodes())
        .compose(v -> membership.stop())
        .compose(v -> Future.all(inbox.unregister(), flushes.unregister()))
        .compose(v -> v2 == null ? Future.succeededFuture() : v2.stop()) // queued writes finish first
        .mapEmpty();
  }

  /** Opens (and migrates) the version 2 store; a store that cannot be opened stops the start. */
  private Future<V2Relay> openStore() {
    dev.chatroom.store.StoreLocation location;
    try {
      location = dev.chatroom.store.StoreLocation.parse(config.stored().store());
    } catch (dev.chatroom.store.StoreException e) {
      return Future.failedFuture(e);
    }
    return dev.chatroom.store.RelayStore.open(vertx, location)
        .compose(store -> V2Relay.start(this, store, config.stored(), config.cluster().enabled())
            .onFailure(e -> store.closeAsync()));
  }

  /**
   * Waits until every node holding members has received what this one sent it (the event bus
   * keeps one ordered connection per node pair), so a clean stop loses no message.
   */
  private Future<Void> flushToOtherNodes() {
    List<Future<?>> acks = new ArrayList<>();
    for (String other : membership.nodes()) {
      if (!other.equals(nodeId)) {
        acks.add(vertx.eventBus().request(NODE_ADDRESS_PREFIX + other + FLUSH_SUFFIX, "flush",
            new DeliveryOptions().setSendTimeout(2000)));
      }
    }
    return Future.join(acks).otherwiseEmpty().mapEmpty();
  }

  public int port() { return server.actualPort(); }

  /** Whether the client port accepts connections (false before start and from stop on). */
  boolean listening() { return listening; }

  /** Completes on this node's event loop: proof that it still runs tasks. */
  Future<Void> ping() {
    Promise<Void> answered = Promise.promise();
    context.runOnContext(v -> answered.complete());
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
    stats.accepted.increment();
    String address = AddressLimits.key(socket.remoteAddress());
    Connection connection = new Connection(this, socket, address);
    boolean full = connections.size() >= config.maxConnections();
    String refusal = full ? "this relay is full; try another or later" : addressLimits.admit(address, nanoTime());
    if (refusal != null) {
      connection.error(ErrorCode.SERVER_FULL, refusal, null);
      stats.open.increment(); // balanced by connectionClosed
      connection.close(full ? CloseReason.SERVER_FULL : CloseReason.ADDRESS_LIMIT);
      return;
    }
    connections.add(connection);
    stats.open.increment();
    LOG.info("connect {}", socket.remoteAddress());
    connection.start();
  }

  /** Closes connections idle too long or not joined in time, and forgets quiet addresses. */
  private void sweepIdle() {
    long idle = config.idleTimeout().toNanos();
    long join = config.joinTimeout().toNanos();
    long now = nanoTime();
    for (Connection c : new ArrayList<>(connections)) {
      if (now - c.lastReadNanos() > idle) {
        c.close(CloseReason.IDLE);
      } else if (!c.joined() && now - c.openedNanos() > join) {
        c.close(CloseReason.JOIN_TIMEOUT);
      }
    }
    addressLimits.sweep(now);
    afterEvent();
  }

  /**
   * Past the output budget, cuts the readers with the most queued until the rest fits. Runs as
   * its own task: by then this event's writes have reached the sockets, and what the kernel took
   * no longer counts.
   */
  private void enforceOutputBudget() {
    budgetCheckQueued = false;
    lastBudgetCheckNanos = nanoTime();
    List<Connection> cut = OutputBudget.victims(connections, Connection::queuedBytes, outputBudget.queued(), outputBudget.limit());
    for (Connection c : cut) {
      LOG.info("output budget of {} bytes exceeded ({} queued): cutting the reader with the most queued, {} bytes",
          outputBudget.limit(), outputBudget.queued(), c.queuedBytes());
      c.close(CloseReason.OUTPUT_BUDGET);
    }
    afterEvent();
  }

  // ---- used by connections

  RelayConfig relayConfig() { return config; }

  RelayStats stats() { return stats; }

  Vertx vertx() { return vertx; }

  long nanoTime() { return clock.getAsLong(); }

  OutputBudget outputBudget() { return outputBudget; }

  Membership membership() { return membership; }

  String nodeId() { return nodeId; }

  /** The rooms with a connection on this node. */
  Iterable<String> localRooms() { return List.copyOf(localByRoom.keySet()); }

  V2Relay v2() { return v2; }

  /** The connections on this node in {@code room}, by nick (version 1 and 2). */
  Map<String, Connection> localIn(String room) {
    Map<String, Connection> local = localByRoom.get(room);
    return local == null ? Map.of() : local;
  }

  /** A version 2 identity registered {@code nick}: version 1 users of it must go. */
  void dropV1Users(String nick) {
    for (Connection c : new ArrayList<>(connections)) {
      if (c.v2() == null && nick.equals(c.nick())) {
        c.error(ErrorCode.NICK_REGISTERED, "nick '" + nick + "' is now registered to a version 2 identity", null);
        c.close(CloseReason.ERROR);
      }
    }
  }

  void connectionClosed(Connection c, CloseReason reason) {
    if (connections.remove(c)) {
      addressLimits.release(c.addressKey()); // refused connections were never counted
    }
    stats.open.decrement();
    stats.closed(reason).increment();
  }

  void markDirty(Connection c) { dirty.add(c); }

  RoomBatch outgoing(String room) { return outgoing.computeIfAbsent(room, RoomBatch::new); }

  /** Ends every event-loop task: publishes this task's batches, then writes each client once. */
  void afterEvent() {
    if (v2 != null) {
      v2.flushSequencer();
    }
    if (!outgoing.isEmpty()) {
      for (RoomBatch batch : outgoing.values()) {
        batch.byNode(membership).forEach((node, part) -> {
          if (node.equals(nodeId)) {
            deliverHere(part);
            return;
          }
          stats.busBatchesOut.increment();
          vertx.eventBus().send(NODE_ADDRESS_PREFIX + node, part);
        });
      }
      outgoing.clear();
    }
    for (int i = 0; i < dirty.size(); i++) {
      dirty.get(i).flush(); // a flush may close a slow consumer, which never adds to this list
    }
    dirty.clear();
    // a check sorts every connection: at most one per 10 ms, or a closing client's queue (no longer
    // ours to cut) could make every event pay for one
    if (outputBudget.exceeded() && !budgetCheckQueued
        && nanoTime() - lastBudgetCheckNanos >= BUDGET_CHECK_INTERVAL_NANOS) {
      budgetCheckQueued = true;
      context.runOnContext(v -> enforceOutputBudget());
    }
  }

  /** Nothing to subscribe: batches come to this node's own address, open since start. */
  Future<Void> openRoom(String room) { return Future.succeededFuture(); }

  void closeRoomIfEmpty(String room) {
    Map<String, Connection> local = localByRoom.get(room);
    if (local != null && local.isEmpty()) {
      localByRoom.remove(room);
    }
  }

  void addLocal(Connection c, String room) {
    localByRoom.computeIfAbsent(room, r -> new HashMap<>()).put(c.nick(), c);
  }

  void removeLocal(Connection c, String room) {
    Map<String, Connection> local = localByRoom.get(room);
    if (local != null && local.get(c.nick()) == c) {
      local.remove(c.nick());
      closeRoomIfEmpty(room);
    }
  }

  private void deliver(RoomBatch batch) {
    stats.busBatchesIn.increment();
    deliverHere(batch);
    afterEvent();
  }

  private void deliverHere(RoomBatch batch) {
    Map<String, Connection> local = localByRoom.get(batch.room);
    if (local != null) {
      for (RoomBatch.Entry entry : batch.entries) {
        for (String nick : entry.recipients()) {
          Connection c = local.get(nick);
          if (c != null) {
            c.deliver(entry.line());
          }
        }
      }
    }
  }

  // ---- membership changes, from any node

  void onNodeLeft(String lostNodeId) {
    context.runOnContext(v -> {
      LOG.info("cluster node {} is gone; its members leave", lostNodeId);
      membership.forgetNode(lostNodeId);
      if (v2 != null && v2.cluster() != null) {
        v2.cluster().nodeGone(lostNodeId);
      }
      afterEvent();
    });
  }

  /** Checks the replica against the claims map; see {@link Reconciler}. */
  void reconcile(Set<String> liveNodes, boolean announceLocals) {
    context.runOnContext(v -> {
      if (v2 != null && v2.cluster() != null) {
        v2.cluster().live(liveNodes);
      }
      reconciler.run(liveNodes, announceLocals).onComplete(r -> afterEvent());
    });
  }

  /** Someone else holds this local member's nick now (taken while this node was cut off). */
  private void lostClaim(Membership.Member member) {
    Map<String, Connection> local = localByRoom.get(member.room());
    Connection c = local == null ? null : local.get(member.nick());
    if (c != null && c.member() == member) {
      LOG.info("{} lost nick in room {} while this node was cut off from the cluster", member.nick(), member.room());
      c.error(ErrorCode.NICK_TAKEN, "this relay was cut off from the cluster and nick '"
          + member.nick() + "' was taken meanwhile in room '" + member.room() + "'; join again", null);
      c.close(CloseReason.ERROR);
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
    stats.members.set(membership.size());
    stats.rooms.set(membership.roomCount());
  }

  /** A version 1 member came or went: v1 connections get {@code toV1}, v2 ones {@code toV2}. */
  private void tellRoom(String room, String except, Frame toV1, Frame toV2) {
    countMembers();
    Map<String, Connection> local = localByRoom.get(room);
    if (local != null) {
      local.forEach((nick, c) -> {
        if (!nick.equals(except)) {
          c.send(c.v2() != null ? toV2 : toV1);
        }
      });
    }
    afterEvent();
  }
}
