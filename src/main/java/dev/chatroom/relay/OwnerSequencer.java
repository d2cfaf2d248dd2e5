package dev.chatroom.relay;

import dev.chatroom.store.Appended;
import dev.chatroom.store.NewFrame;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Version 2 sequencing in a cluster: a room's accepted frames go to its owner
 * ({@link RoomOwners}), which stores them as one group commit, replies with their seqs (the
 * sender's node then acks) and sends one {@link ClusterWire.Stored} batch to each node with
 * sessions in the room (as the owner's presence and the sender's node know them; a node
 * missed shows a hole or fails the tail check, and reads the store). At most one batch per room is in flight from a node, so a sender's frames keep their
 * order even when a batch is re-sent. An owner that leaves the cluster, or does not
 * answer within {@link #FORWARD_TIMEOUT_MS}, is passed over and the batch is stored here: the store is the
 * arbiter (the room's row is locked per transaction, (room, from, id) is unique), so a frame the
 * silent owner did store comes back with its first seq, never a second one.
 */
final class OwnerSequencer {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerSequencer.class);
  static final String OWNER_PREFIX = "chatroom.v2.own.";
  /** Followed by a node id: where that node takes stored batches. */
  static final String STORED_PREFIX = "chatroom.v2.stored.";
  /**
   * For an owner that is silent but still in the cluster (hung, or cut off): long enough that a
   * busy owner is not passed over by mistake (two sequencers cost holes to fill). A dead owner
   * fails its forwards at once, when Hazelcast reports it gone ({@link #ownerGone}).
   */
  static final long FORWARD_TIMEOUT_MS = 3_000;

  private record Pending(NewFrame frame, Handler<AsyncResult<Appended>> done) {}

  private static final class RoomQueue {
    List<Pending> waiting = new ArrayList<>();
    boolean inFlight;
  }

  private final Vertx vertx;
  private final RoomOwners owners;
  private final Sequencer local;
  private final Runnable afterEvent;
  private final Function<String, Set<String>> targets; // room -> nodes with sessions in it, this one included
  private final RelayStats stats;
  private final Map<String, RoomQueue> queues = new HashMap<>();
  private final Set<String> ready = new LinkedHashSet<>(); // rooms whose waiting frames can go now
  private final LogThrottle failures = new LogThrottle(System.nanoTime());
  private final Map<String, Set<Promise<List<Appended>>>> forwardsTo = new HashMap<>(); // by owner
  // rooms this node sequences itself for a while: their owner did not answer, and the next owner
  // by the hash may be as unreachable (an event-bus address lookup waits on a hung node too)
  private final Map<String, Long> selfUntil = new HashMap<>();
  private MessageConsumer<Buffer> consumer;
  private int forwardsFailed;

  OwnerSequencer(Vertx vertx, RoomOwners owners, Sequencer local, Runnable afterEvent,
      Function<String, Set<String>> targets, RelayStats stats) {
    this.vertx = vertx;
    this.owners = owners;
    this.local = local;
    this.afterEvent = afterEvent;
    this.targets = targets;
    this.stats = stats;
  }

  Future<Void> start() {
    consumer = vertx.eventBus().consumer(OWNER_PREFIX + owners.self(), this::onForward);
    return consumer.completion();
  }

  Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** Queues an accepted frame; {@code done} gets its seq once it is durable (or a failure). */
  void submit(NewFrame frame, Handler<AsyncResult<Appended>> done) {
    RoomQueue q = queues.computeIfAbsent(frame.room(), r -> new RoomQueue());
    q.waiting.add(new Pending(frame, done));
    if (!q.inFlight) {
      ready.add(frame.room());
    }
  }

  /** Sends what this task queued, one batch per room; part of every task's end. */
  void flush() {
    if (ready.isEmpty()) {
      return;
    }
    List<String> rooms = new ArrayList<>(ready);
    ready.clear();
    for (String room : rooms) {
      send(room, queues.get(room));
    }
  }

  int inFlight() {
    int n = 0;
    for (RoomQueue q : queues.values()) {
      n += q.waiting.size() + (q.inFlight ? 1 : 0);
    }
    return n;
  }

  int forwardsFailed() { return forwardsFailed; }

  private void send(String room, RoomQueue q) {
    if (q == null || q.inFlight || q.waiting.isEmpty()) {
      return;
    }
    List<Pending> batch = q.waiting;
    q.waiting = new ArrayList<>();
    q.inFlight = true;
    List<NewFrame> frames = new ArrayList<>(batch.size());
    batch.forEach(p -> frames.add(p.frame()));
    long now = System.currentTimeMillis();
    Long mine = selfUntil.get(room);
    if (mine != null && mine <= now) {
      selfUntil.remove(room);
      mine = null;
    }
    String owner = mine != null ? owners.self() : owners.ownerOf(room, now);
    Future<List<Appended>> stored = owner.equals(owners.self()) ? storeAsOwner(room, frames, Set.of())
        : forward(owner, room, frames);
    stored.onComplete(result -> {
      q.inFlight = false;
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).done().handle(result.succeeded() ? Future.succeededFuture(result.result().get(i))
            : Future.failedFuture(result.cause()));
      }
      if (q.waiting.isEmpty()) {
        queues.remove(room);
      } else {
        send(room, q);
      }
      afterEvent.run();
    });
  }

  /** The owner left the cluster: its forwards in flight fail now, and are stored here. */
  void ownerGone(String owner) {
    Set<Promise<List<Appended>>> waiting = forwardsTo.remove(owner);
    if (waiting != null) {
      for (Promise<List<Appended>> p : List.copyOf(waiting)) {
        p.tryFail("owner " + owner + " left the cluster");
      }
    }
  }

  private Future<List<Appended>> forward(String owner, String room, List<NewFrame> frames) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(FORWARD_TIMEOUT_MS);
    Promise<List<Appended>> answered = Promise.promise();
    Set<Promise<List<Appended>>> waiting = forwardsTo.computeIfAbsent(owner, o -> new java.util.HashSet<>());
    waiting.add(answered);
    vertx.eventBus().<Buffer>request(OWNER_PREFIX + owner, ClusterWire.forward(room, targets.apply(room), frames), options)
        .map(reply -> ClusterWire.readAssigned(reply.body()))
        .onComplete(answered::tryComplete, answered::tryFail);
    return answered.future()
        .onComplete(r -> {
          waiting.remove(answered);
          if (waiting.isEmpty()) {
            forwardsTo.remove(owner, waiting);
          }
        })
        .recover(e -> {
          forwardsFailed++;
          String more = failures.admit(System.nanoTime());
          if (more != null) {
            LOG.warn("owner {} of room {} did not take a batch ({}); storing it here{}", owner, room, e.getMessage(), more);
          }
          owners.suspect(owner, System.currentTimeMillis());
          if (e instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT) { // hung, not dead
            selfUntil.put(room, System.currentTimeMillis() + RoomOwners.SUSPECT_MS);
          }
          Future<List<Appended>> here = storeAsOwner(room, frames, Set.of());
          afterEvent.run(); // this callback is its own task: the local sequencer must flush
          return here;
        });
  }

  /** A batch from another node: stored here as the room's owner, then the seqs go back. */
  private void onForward(Message<Buffer> msg) {
    ClusterWire.Forward forward;
    try {
      forward = ClusterWire.readForward(msg.body());
    } catch (RuntimeException bad) {
      msg.fail(400, "bad forward");
      return;
    }
    if (forward.frames().isEmpty()) {
      msg.reply(ClusterWire.assigned(List.of()));
      return;
    }
    storeAsOwner(forward.room(), forward.frames(), forward.nodes()).onComplete(r -> {
      if (r.succeeded()) {
        msg.reply(ClusterWire.assigned(r.result()));
      } else {
        msg.fail(500, "the owner could not store the batch");
      }
    });
    afterEvent.run();
  }

  /**
   * Stores through this node's group commit and sends what was stored to each node with
   * sessions in the room: those this node knows of and those the sender's node named.
   */
  private Future<List<Appended>> storeAsOwner(String room, List<NewFrame> frames, java.util.Collection<String> named) {
    List<Future<Appended>> each = new ArrayList<>(frames.size());
    for (NewFrame f : frames) {
      Promise<Appended> p = Promise.promise();
      local.submit(f, p::handle);
      each.add(p.future());
    }
    return Future.all(each).map(all -> {
      List<Appended> seqs = new ArrayList<>(frames.size());
      List<ClusterWire.StoredEntry> entries = new ArrayList<>(frames.size());
      for (int i = 0; i < frames.size(); i++) {
        Appended a = each.get(i).result();
        NewFrame f = frames.get(i);
        seqs.add(a);
        entries.add(new ClusterWire.StoredEntry(a.seq(), f.kind(), f.from(),
            a.duplicate() ? List.of() : f.recipients(), a.duplicate() ? null : f.bytes()));
      }
      entries.sort((x, y) -> Long.compare(x.seq(), y.seq()));
      Set<String> nodes = new LinkedHashSet<>(targets.apply(room));
      nodes.addAll(named);
      if (!nodes.isEmpty()) {
        Buffer batch = ClusterWire.stored(new ClusterWire.Stored(room, entries));
        for (String node : nodes) {
          vertx.eventBus().send(STORED_PREFIX + node, batch);
          if (!node.equals(owners.self())) {
            stats.busBatchesOut.increment();
          }
        }
      }
      return seqs;
    });
  }
}
