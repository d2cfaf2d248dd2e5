package dev.chatroom.relay;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.protocol.Deliveries;
import dev.chatroom.protocol.ErrorCode;
import dev.chatroom.protocol.Frame;
import dev.chatroom.store.FrameKind;
import dev.chatroom.store.Member;
import dev.chatroom.store.NewFrame;
import dev.chatroom.store.RelayStore;
import dev.chatroom.store.StoreLocation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's version 2 services (PROTOCOL.md sections 9-11): the store, the index of stored
 * memberships, the sequencer, the identities online here, and the routing of stored frames to
 * the connections on this node. Version 1 connections see version 2 members only while they
 * are online, and the reverse, as section 10 says.
 */
final class V2Relay {
  private static final Logger LOG = LoggerFactory.getLogger(V2Relay.class);
  private static final long HOUR_MS = Duration.ofHours(1).toMillis();
  /** Frames per catch-up read: small enough that a page never fills a client's write queue. */
  private static final int CATCH_UP_PAGE = 256;

  private final RelayCore core;
  private final RelayStore store;
  private final StoredRooms rooms;
  private final Sequencer sequencer;
  private final RetentionPacer pacer;
  private final RelayConfig.Stored limits;
  private final Map<IdentityKey, V2Session> byFingerprint = new HashMap<>();
  private final Map<String, V2Session> byNick = new HashMap<>();
  private V2Cluster cluster; // null on a single node
  private final V2Housekeeping housekeeping;
  private long housekeepingTimer = -1;

  private V2Relay(RelayCore core, RelayStore store, StoredRooms rooms, RelayConfig.Stored limits) {
    this.core = core;
    this.store = store;
    this.rooms = rooms;
    this.limits = limits;
    this.pacer = new RetentionPacer(store, V2Housekeeping.retention(limits), this::now);
    this.sequencer = new Sequencer(store, core::endTask, pacer);
    this.housekeeping = new V2Housekeeping(store, rooms, pacer, limits);
  }

  /**
   * Loads the membership index from an open store and starts retention and expiry; in a
   * cluster ({@code clusterNodeId} set) on a shared (PostgreSQL) store, also the owners, stored
   * batches and presence between nodes.
   */
  static Future<V2Relay> start(RelayCore core, RelayStore store, RelayConfig.Stored limits, String clusterNodeId) {
    return StoredRooms.load(store).compose(rooms -> {
      V2Relay relay = new V2Relay(core, store, rooms, limits);
      LOG.info("store {}: {} rooms, {} memberships", store.location(), rooms.rooms().size(), rooms.size());
      relay.housekeeping.run(relay.now());
      relay.housekeepingTimer = core.vertx().setPeriodic(HOUR_MS, t -> relay.housekeeping.run(relay.now()));
      if (clusterNodeId == null) {
        return Future.succeededFuture(relay);
      }
      if (!(store.location() instanceof StoreLocation.Postgres)) {
        LOG.warn("this clustered relay's store {} is its own, not shared: version 2 is refused;"
            + " point every node at one postgresql:// store (docs/CLUSTER.md)", store.location());
        return Future.succeededFuture(relay);
      }
      relay.cluster = new V2Cluster(core, clusterNodeId, relay, relay.sequencer);
      LOG.info("version 2 across the cluster on the shared store; this is node {}", clusterNodeId);
      return relay.cluster.start().map(relay);
    });
  }

  Future<Void> stop() {
    if (housekeepingTimer >= 0) {
      core.vertx().cancelTimer(housekeepingTimer);
    }
    Future<Void> clusterDone = cluster == null ? Future.succeededFuture() : cluster.stop();
    return clusterDone.compose(v -> store.closeAsync());
  }

  /** Whether this node serves version 2: always alone; in a cluster only on a shared store. */
  boolean servesV2() {
    return cluster != null || !core.config().cluster().enabled();
  }

  V2Cluster cluster() { return cluster; }

  RelayStore store() { return store; }

  StoredRooms rooms() { return rooms; }

  RelayConfig.Stored limits() { return limits; }

  long now() { return System.currentTimeMillis(); }

  int catchUpPage() { return CATCH_UP_PAGE; }

  /**
   * What a stored frame of {@code bytes} (caught up or live) needs in the write queue: itself and
   * an eighth of the queue kept for the client's own frames, its acks (a thousand from one commit
   * of a pipelining sender is 100 KB) and its rooms' news.
   */
  long storedNeeds(long bytes) { return bytes + maxWriteQueueBytes() / 8; }

  /** The room a paused room waits for: at least half the write queue, so it resumes in big steps. */
  long resumeNeeds(long bytes) { return Math.max(storedNeeds(bytes), maxWriteQueueBytes() / 2); }

  private long maxWriteQueueBytes() { return core.config().maxWriteQueueBytes(); }

  RelayStats stats() { return core.stats(); }

  void afterEvent() { core.endTask(); }

  /** Hands this task's accepted frames to the store (or their owners) as one batch; part of every task's end. */
  void flushSequencer() {
    if (cluster != null) {
      cluster.sequencer.flush();
    }
    sequencer.flush();
  }

  int storing() { return sequencer.inFlight() + (cluster == null ? 0 : cluster.sequencer.inFlight()); }

  /**
   * The highest seq of each of {@code memberships}' rooms: this node's index, and in a cluster
   * also the store, since this node may not yet have heard of the last frames stored elsewhere.
   */
  Future<SortedMap<String, Long>> highestSeqs(List<dev.chatroom.store.Membership> memberships) {
    SortedMap<String, Long> out = new TreeMap<>();
    memberships.forEach(m -> out.put(m.room(), rooms.maxSeq(m.room())));
    if (cluster == null || out.isEmpty()) {
      return Future.succeededFuture(out);
    }
    List<String> names = new ArrayList<>(out.keySet());
    List<Future<Long>> reads = new ArrayList<>(names.size());
    names.forEach(room -> reads.add(store.maxSeq(room)));
    return Future.all(reads).map(all -> {
      for (int i = 0; i < names.size(); i++) {
        out.merge(names.get(i), reads.get(i).result(), Math::max);
      }
      return out;
    });
  }

  // ---- identities

  /** An authenticated session: an older one of the same identity is replaced, v1 users of the nick go. */
  void online(V2Session session) {
    V2Session older = byFingerprint.put(session.identity(), session);
    if (older != null && older != session) {
      older.replaced();
    }
    V2Session sameNick = byNick.put(session.nick(), session);
    if (sameNick != null && sameNick != session && sameNick != older) {
      sameNick.replaced();
    }
    core.connections().dropV1Users(session.nick());
    if (cluster != null) {
      cluster.presence.online(session.nick(), session.fingerprint(), session.encKey(), session.sigKey());
    }
  }

  void offline(V2Session session) {
    boolean removed = byFingerprint.remove(session.identity(), session);
    byNick.remove(session.nick(), session);
    store.touch(session.nick(), now()).onFailure(e -> LOG.debug("touch failed: {}", e.getMessage()));
    if (cluster != null && removed) {
      cluster.presence.offline(session.nick());
    }
  }

  /** The identity (or nick) came online on another node: its connection here, if any, is replaced. */
  void onlineElsewhere(String nick, String fingerprint) {
    V2Session same = fingerprint == null ? null : byFingerprint.get(keyOf(fingerprint));
    if (same != null) {
      same.replaced();
    }
    V2Session sameNick = byNick.get(nick);
    if (sameNick != null && sameNick != same) {
      sameNick.replaced();
    }
    core.connections().dropV1Users(nick);
    core.endTask();
  }

  private static IdentityKey keyOf(String fingerprint) {
    try {
      return IdentityKey.ofHex(fingerprint);
    } catch (IllegalArgumentException e) {
      return null; // not a fingerprint: no session here has it
    }
  }

  boolean isOnline(String nick) {
    return isOnlineHere(nick) || cluster != null && cluster.presence.isOnline(nick);
  }

  boolean isOnlineHere(String nick) {
    V2Session s = byNick.get(nick);
    return s != null && s.authenticated();
  }

  Iterable<V2Session> sessions() { return List.copyOf(byFingerprint.values()); }

  /** Rooms with a connection on this node (the rooms whose stored seqs this node watches). */
  Iterable<String> roomsWithSessions() { return core.localRooms().rooms(); }

  /** The nick belongs to a version 2 identity: a version 1 hello with it is refused. */
  Future<Boolean> isRegistered(String nick) {
    return store.registration(nick).map(r -> r.isPresent());
  }

  // ---- rooms

  /** The session is in {@code room} on this node now: as a new member, or coming online. */
  void enterRoom(V2Session s, String room, boolean newMember) {
    if (newMember) {
      rooms.add(room, s.nick());
    }
    core.localRooms().add(room, s.nick(), s.connection());
    Frame toV2 = newMember ? new Frame.Joined(s.nick(), s.encKey(), s.sigKey(), room, 2)
        : new Frame.Presence(room, s.nick(), true);
    core.localRooms().tellOthers(room, s.nick(), new Frame.Joined(s.nick(), s.encKey(), s.sigKey()), toV2);
    if (cluster != null) {
      cluster.presence.entered(room, s.nick(), s.encKey(), s.sigKey(), newMember);
    }
  }

  /** The session left {@code room} on this node: parted, or went offline. */
  void leaveRoom(V2Session s, String room, boolean parted) {
    if (parted) {
      rooms.remove(room, s.nick());
    }
    core.localRooms().remove(room, s.nick(), s.connection());
    Frame toV2 = parted ? new Frame.Left(s.nick(), room) : new Frame.Presence(room, s.nick(), false);
    core.localRooms().tellOthers(room, s.nick(), new Frame.Left(s.nick()), toV2);
    if (cluster != null) {
      cluster.presence.left(room, s.nick(), parted);
    }
  }

  /**
   * Every other member, online or not, and the version 1 users in the room now; {@code seq} the
   * room's highest so far, or for a new member the seq its deliveries start after.
   */
  Future<Frame.Welcome> welcome(V2Session s, String room, long seq) {
    List<Frame.Member> members = new ArrayList<>();
    Promise<Frame.Welcome> done = Promise.promise();
    readMembers(room, "", s.nick(), members).onComplete(r -> {
      if (r.failed()) {
        done.fail(r.cause());
        return;
      }
      for (Membership.Member v1 : core.membership().members(room)) {
        members.add(new Frame.Member(v1.nick(), v1.encKey(), v1.sigKey(), 1, true));
      }
      done.complete(new Frame.Welcome(s.nick(), room, members, seq));
    });
    return done.future();
  }

  private Future<Void> readMembers(String room, String after, String self, List<Frame.Member> out) {
    return store.members(room, after, RelayStore.MAX_PAGE).compose(page -> {
      for (Member m : page) {
        if (!m.nick().equals(self) && m.encKey() != null) {
          out.add(new Frame.Member(m.nick(), m.encKey(), m.sigKey(), 2, isOnline(m.nick())));
        }
      }
      return page.size() < RelayStore.MAX_PAGE ? Future.<Void>succeededFuture()
          : readMembers(room, page.get(page.size() - 1).nick(), self, out);
    });
  }

  /** Version 1's {@code rooms} answer, counting members online or not (section 10). */
  Frame.RoomList roomList() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Frame.RoomInfo info : core.membership().rooms()) {
      counts.merge(info.room(), info.members(), Integer::sum);
    }
    for (String room : rooms.rooms()) {
      counts.merge(room, rooms.count(room), Integer::sum);
    }
    List<Frame.RoomInfo> out = new ArrayList<>();
    counts.forEach((room, n) -> out.add(new Frame.RoomInfo(room, n)));
    return new Frame.RoomList(out);
  }

  /** Online version 2 members of {@code room}, as a version 1 welcome lists them. */
  List<Frame.Member> onlineForV1(String room, String except) {
    List<Frame.Member> out = new ArrayList<>();
    Map<String, Connection> local = core.localRooms().in(room);
    local.forEach((nick, c) -> {
      V2Session s = c.v2();
      if (s != null && s.authenticated() && !nick.equals(except)) {
        out.add(new Frame.Member(nick, s.encKey(), s.sigKey()));
      }
    });
    if (cluster != null) { // and those online on other nodes
      cluster.presence.onlineIn(room).forEach((nick, r) -> {
        if (!nick.equals(except) && !local.containsKey(nick)) {
          out.add(new Frame.Member(nick, r.encKey(), r.sigKey()));
        }
      });
    }
    return out;
  }

  boolean isMember(String room, String nick) {
    return rooms.isMember(room, nick) || core.membership().contains(room, nick);
  }

  // ---- stored frames

  /**
   * Stores an accepted frame and, once it is durable, acks it ({@code ack} gets its seq and the
   * named recipients that are not members) and writes it to the recipients online here.
   */
  void accept(Connection sender, FrameKind kind, String id, String room, String from, long sent,
              String epoch, List<String> named, Buffer line, BiConsumer<Long, List<String>> ack) {
    List<String> present = new ArrayList<>(named.size());
    List<String> missing = new ArrayList<>();
    for (String to : named) {
      (!to.equals(from) && isMember(room, to) ? present : missing).add(to);
    }
    Buffer bytes = ownCopy(line); // the read buffer is reused; the store writes on another thread
    NewFrame frame = new NewFrame(room, kind, from, id, sent, epoch, present, bytes, now());
    if (cluster != null) {
      // the owner stores it and publishes it to every node, this one included, which routes it
      cluster.sequencer.submit(frame, result -> {
        if (result.failed()) {
          LOG.warn("could not store a frame in {}: {}", room, result.cause().getMessage());
          sender.errorInRoom(ErrorCode.INTERNAL, "the relay could not store this; send it again", id, room);
        } else {
          ack.accept(result.result().seq(), missing);
        }
      });
      return;
    }
    sequencer.submit(frame, result -> {
      if (result.failed()) {
        LOG.warn("could not store a frame in {}: {}", room, result.cause().getMessage());
        sender.errorInRoom(ErrorCode.INTERNAL, "the relay could not store this; send it again", id, room);
        return;
      }
      long seq = result.result().seq();
      ack.accept(seq, missing);
      if (!result.result().duplicate()) {
        routeStored(kind, room, seq, from, present, bytes);
      }
    });
  }

  /**
   * Writes a stored frame to its recipients on this node: wrapped for v2, bare messages for v1.
   * Every version 2 connection in the room sees the seq (the others with no bytes), so each can
   * tell a hole in its room's seqs; {@code line} null: a resend already stored, bytes unknown here.
   */
  void routeStored(FrameKind kind, String room, long seq, String from, List<String> present, Buffer line) {
    rooms.stored(room, seq);
    Map<String, Connection> local = core.localRooms().in(room);
    if (local.isEmpty()) {
      return;
    }
    // one direct copy of the delivery, and of the bare line for version 1, shared by every recipient here
    SharedLine delivery = line == null ? null : SharedLine.delivery(deliveryHead(room, seq), line);
    SharedLine bare = kind == FrameKind.MESSAGE && line != null ? new SharedLine(line) : null;
    boolean group = kind == FrameKind.GROUP_MESSAGE;
    java.util.Collection<String> named = present.size() > 8 ? new java.util.HashSet<>(present) : present;
    local.forEach((nick, c) -> {
      boolean forThem = group ? !nick.equals(from) : named.contains(nick);
      if (c.v2() != null) {
        c.v2().offer(room, seq, forThem ? delivery : null, line != null);
      } else if (bare != null && forThem) {
        c.deliver(bare);
      }
    });
    if (delivery != null) {
      delivery.release();
    }
    if (bare != null) {
      bare.release();
    }
  }

  /** One copy into a heap array of its own (a slice's {@code copy()} grows a buffer and copies twice). */
  private static Buffer ownCopy(Buffer line) {
    return io.vertx.core.internal.buffer.BufferInternal.buffer(io.netty.buffer.Unpooled.wrappedBuffer(line.getBytes()));
  }

  /** The store holds {@code seq} in {@code room} and this node never heard of it: the connections read it. */
  void storedElsewhere(String room, long seq) {
    routeStored(FrameKind.GROUP_MESSAGE, room, seq, "", List.of(), null);
  }

  Buffer deliveryHead(String room, long seq) {
    return Deliveries.head(room, seq);
  }
}
