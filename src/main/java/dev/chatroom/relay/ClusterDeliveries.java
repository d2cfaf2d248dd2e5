package dev.chatroom.relay;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every node's intake of the {@link ClusterWire.Stored} batches owners send to nodes with
 * sessions in a room. They are hints,
 * not truth: each connection checks that a room's seqs follow on from its cursor and reads any
 * hole from the store ({@link V2Session#offer}), so a lost or overtaken batch loses nothing. A
 * room that goes quiet right after a lost batch (or one the owner did not know to send here)
 * shows no hole, so every {@link #TAIL_CHECK_MS}
 * the rooms with connections here compare their highest seq with the store's. In a room whose
 * batches keep arriving, a seq the store had at one check may still be on its way here (a busy
 * owner's batches queue), so there only one this node still has not heard of at the next check
 * counts as missed: a false hole would send every connection in the room to the store, which
 * under load costs more than it heals. A room with no batch since the last check is behind now.
 */
final class ClusterDeliveries {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterDeliveries.class);
  static final long TAIL_CHECK_MS = 2_000;
  /** Rooms checked per tail check: a bound on the store reads one node makes every 2 s. */
  private static final int TAIL_CHECK_ROOMS = 512;

  private final Vertx vertx;
  private final V2Relay relay;
  private final String self;
  private final RelayStats stats;
  private MessageConsumer<Buffer> consumer;
  private long timer = -1;
  private boolean checking;
  private Map<String, Long> ahead = new HashMap<>(); // room -> the store's seq, beyond this node's, at the last check
  private Set<String> heard = new HashSet<>(); // rooms with a batch since the last check

  ClusterDeliveries(Vertx vertx, V2Relay relay, String self, RelayStats stats) {
    this.vertx = vertx;
    this.relay = relay;
    this.self = self;
    this.stats = stats;
  }

  Future<Void> start() {
    consumer = vertx.eventBus().consumer(OwnerSequencer.STORED_PREFIX + self, msg -> {
      stats.busBatchesIn.increment();
      ClusterWire.Stored batch;
      try {
        batch = ClusterWire.readStored(msg.body());
      } catch (RuntimeException bad) {
        LOG.warn("dropped a malformed stored batch from the event bus");
        return;
      }
      heard.add(batch.room());
      for (ClusterWire.StoredEntry e : batch.entries()) {
        relay.routeStored(e.kind(), batch.room(), e.seq(), e.from(), e.recipients(), e.bytes());
      }
      relay.afterEvent();
    });
    timer = vertx.setPeriodic(TAIL_CHECK_MS, t -> checkTails());
    return consumer.completion();
  }

  Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void checkTails() {
    if (checking) {
      return;
    }
    List<String> rooms = new ArrayList<>();
    for (String room : relay.roomsWithSessions()) {
      rooms.add(room);
      if (rooms.size() >= TAIL_CHECK_ROOMS) {
        break;
      }
    }
    if (rooms.isEmpty()) {
      heard.clear();
      return;
    }
    checking = true;
    List<Future<Long>> reads = new ArrayList<>(rooms.size());
    for (String room : rooms) {
      reads.add(relay.store().maxSeq(room));
    }
    Future.join(reads).onComplete(done -> {
      checking = false;
      Map<String, Long> before = ahead;
      ahead = new HashMap<>();
      Set<String> moving = heard;
      heard = new HashSet<>();
      for (int i = 0; i < rooms.size(); i++) {
        String room = rooms.get(i);
        long here = relay.rooms().maxSeq(room);
        Long seen = before.get(room);
        if (seen != null && here < seen) { // stored a whole check ago and never routed here: missed
          relay.storedElsewhere(room, seen);
          here = seen;
        }
        if (reads.get(i).succeeded() && reads.get(i).result() > here) {
          if (moving.contains(room)) {
            ahead.put(room, reads.get(i).result()); // may be on its way: looked at again next time
          } else {
            relay.storedElsewhere(room, reads.get(i).result()); // nothing arrives: missed
          }
        }
      }
      relay.afterEvent();
    });
  }
}
