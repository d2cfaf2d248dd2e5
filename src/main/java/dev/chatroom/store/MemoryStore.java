package dev.chatroom.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code store = memory}: the same contract as the SQLite and PostgreSQL stores, held in this
 * process only, so nothing survives a restart. For tests and for measuring what durability costs
 * (the benchmarks' "store off"); never the default. Calls come from one event loop at a time, so
 * a lock per call is all the thread safety it needs.
 */
final class MemoryStore implements RelayStore {
  /**
   * A stored frame and what removing it must undo, kept with it so retention does not look its
   * strings up again: its dedupe hash and, for a group message, its epoch's count.
   */
  private record Frame(StoredFrame stored, Set<String> recipients, long dedupeHash, int[] epochCount) {}

  private static final class Room implements DedupeIndex.Frames {
    long lastSeq;
    final SeqRing<Frame> frames = new SeqRing<>();
    final DedupeIndex seqByFromAndId = new DedupeIndex();
    final TreeMap<String, Membership> members = new TreeMap<>();
    /** Stored group messages per sender and epoch: a sender_key stays while its count is above 0. */
    final Map<String, Map<String, int[]>> groupsByEpoch = new HashMap<>();

    void put(StoredFrame s, Set<String> recipients, long dedupeHash) {
      int[] epochCount = null;
      if (s.kind() == FrameKind.GROUP_MESSAGE) {
        epochCount = groupsByEpoch.computeIfAbsent(s.from(), k -> new HashMap<>()).computeIfAbsent(s.epoch(), k -> new int[1]);
        epochCount[0]++;
      }
      seqByFromAndId.put(dedupeHash, s.seq());
      frames.add(s.seq(), new Frame(s, recipients, dedupeHash, epochCount));
    }

    void remove(Frame f) {
      StoredFrame s = f.stored();
      frames.remove(s.seq());
      seqByFromAndId.remove(f.dedupeHash(), s.seq());
      if (f.epochCount() != null && --f.epochCount()[0] == 0) {
        Map<String, int[]> epochs = groupsByEpoch.get(s.from());
        epochs.remove(s.epoch());
        if (epochs.isEmpty()) {
          groupsByEpoch.remove(s.from());
        }
      }
    }

    @Override
    public boolean isFrame(long seq, String from, String id) {
      Frame f = frames.find(seq);
      return f != null && f.stored().id().equals(id) && f.stored().from().equals(from);
    }

    boolean anyGroupMessage(String from, String epoch) {
      Map<String, int[]> epochs = groupsByEpoch.get(from);
      return epochs != null && epochs.containsKey(epoch);
    }
  }

  private final io.vertx.core.Vertx vertx;
  private final Map<String, Registration> registrations = new HashMap<>();
  private final TreeMap<String, Room> rooms = new TreeMap<>();
  private boolean closed;

  private MemoryStore(io.vertx.core.Vertx vertx) {
    this.vertx = vertx;
  }

  static Future<RelayStore> open(io.vertx.core.Vertx vertx) {
    return Future.succeededFuture(new MemoryStore(vertx));
  }

  @Override
  public StoreLocation location() { return new StoreLocation.Memory(); }

  /** Does the work now; completes later on the caller's context, as the real stores do. */
  private synchronized <T> Future<T> run(java.util.function.Supplier<T> work) {
    io.vertx.core.Promise<T> done = io.vertx.core.Promise.promise();
    io.vertx.core.Context context = vertx.getOrCreateContext();
    if (closed) {
      context.runOnContext(v -> done.fail(new StoreException("store memory is closed")));
    } else {
      T result = work.get();
      context.runOnContext(v -> done.complete(result));
    }
    return done.future();
  }

  private Room room(String name) { return rooms.computeIfAbsent(name, r -> new Room()); }

  @Override
  public Future<RegisterOutcome> register(Registration r) {
    return run(() -> {
      Registration existing = registrations.get(r.nick());
      if (existing == null) {
        registrations.put(r.nick(), r);
        return RegisterOutcome.REGISTERED;
      }
      if (!MessageDigest.isEqual(existing.fingerprint().getBytes(StandardCharsets.UTF_8),
          r.fingerprint().getBytes(StandardCharsets.UTF_8))) {
        return RegisterOutcome.OTHER_IDENTITY;
      }
      registrations.put(r.nick(), new Registration(existing.nick(), existing.fingerprint(), existing.encKey(),
          existing.sigKey(), existing.registeredAt(), r.lastSeen()));
      return RegisterOutcome.SAME_IDENTITY;
    });
  }

  @Override
  public Future<Optional<Registration>> registration(String nick) {
    return run(() -> Optional.ofNullable(registrations.get(nick)));
  }

  @Override
  public Future<Void> touch(String nick, long now) {
    return run(() -> {
      Registration r = registrations.get(nick);
      if (r != null) {
        registrations.put(nick, new Registration(nick, r.fingerprint(), r.encKey(), r.sigKey(), r.registeredAt(), now));
      }
      for (Room room : rooms.values()) {
        room.members.computeIfPresent(nick, (n, m) ->
            new Membership(m.room(), n, m.version(), m.joinedAt(), now, m.joinSeq()));
      }
      return null;
    });
  }

  @Override
  public Future<Boolean> removeRegistration(String nick) {
    return run(() -> {
      rooms.values().forEach(room -> room.members.remove(nick));
      return registrations.remove(nick) != null;
    });
  }

  @Override
  public Future<List<String>> expireRegistrations(long before) {
    return run(() -> {
      List<String> gone = new ArrayList<>();
      for (Iterator<Registration> it = registrations.values().iterator(); it.hasNext(); ) {
        Registration r = it.next();
        if (r.lastSeen() < before) {
          gone.add(r.nick());
          it.remove();
        }
      }
      gone.forEach(nick -> rooms.values().forEach(room -> room.members.remove(nick)));
      gone.sort(null);
      return gone;
    });
  }

  @Override
  public Future<JoinOutcome> join(String roomName, String nick, int version, long now, int maxRoomsPerMember,
                                  int maxRoomMembers) {
    return run(() -> {
      Room room = rooms.get(roomName);
      Membership existing = room == null ? null : room.members.get(nick);
      if (existing != null) {
        Membership touched = new Membership(roomName, nick, existing.version(), existing.joinedAt(), now, existing.joinSeq());
        room.members.put(nick, touched);
        return new JoinOutcome.AlreadyMember(touched);
      }
      long roomsOfNick = rooms.values().stream().filter(r -> r.members.containsKey(nick)).count();
      if (roomsOfNick >= maxRoomsPerMember) {
        return new JoinOutcome.TooManyRooms(maxRoomsPerMember);
      }
      if (room != null && room.members.size() >= maxRoomMembers) {
        return new JoinOutcome.RoomFull(maxRoomMembers);
      }
      Room r = room(roomName);
      Membership m = new Membership(roomName, nick, version, now, now, r.lastSeq);
      r.members.put(nick, m);
      return new JoinOutcome.Joined(m);
    });
  }

  @Override
  public Future<Boolean> part(String roomName, String nick) {
    return run(() -> {
      Room room = rooms.get(roomName);
      return room != null && room.members.remove(nick) != null;
    });
  }

  @Override
  public Future<Optional<Membership>> membership(String roomName, String nick) {
    return run(() -> {
      Room room = rooms.get(roomName);
      return Optional.ofNullable(room == null ? null : room.members.get(nick));
    });
  }

  @Override
  public Future<List<Membership>> roomsOf(String nick) {
    return run(() -> {
      List<Membership> out = new ArrayList<>();
      rooms.values().forEach(room -> {
        Membership m = room.members.get(nick);
        if (m != null) {
          out.add(m);
        }
      });
      return out;
    });
  }

  @Override
  public Future<List<Member>> members(String roomName, String afterNick, int limit) {
    return run(() -> {
      List<Member> out = new ArrayList<>();
      Room room = rooms.get(roomName);
      if (room != null) {
        for (Membership m : room.members.tailMap(afterNick, false).values()) {
          if (out.size() >= Math.min(limit, MAX_PAGE)) {
            break;
          }
          Registration r = registrations.get(m.nick());
          out.add(new Member(m, r == null ? null : r.encKey(), r == null ? null : r.sigKey()));
        }
      }
      return out;
    });
  }

  @Override
  public Future<Long> memberCount(String roomName) {
    return run(() -> {
      Room room = rooms.get(roomName);
      return room == null ? 0L : (long) room.members.size();
    });
  }

  @Override
  public Future<Set<String>> membersAmong(String roomName, java.util.Collection<String> nicks) {
    return run(() -> {
      Set<String> out = new HashSet<>();
      Room room = rooms.get(roomName);
      if (room != null) {
        nicks.forEach(n -> { if (room.members.containsKey(n)) out.add(n); });
      }
      return out;
    });
  }

  @Override
  public Future<List<Membership>> expireMembers(long before) {
    return run(() -> {
      List<Membership> gone = new ArrayList<>();
      for (Room room : rooms.values()) {
        room.members.values().removeIf(m -> {
          boolean old = m.lastSeen() < before;
          if (old) {
            gone.add(m);
          }
          return old;
        });
      }
      return gone;
    });
  }

  @Override
  public Future<List<Appended>> append(List<NewFrame> frames) {
    return run(() -> {
      List<Appended> out = new ArrayList<>(frames.size());
      for (NewFrame f : frames) {
        Room room = room(f.room());
        long key = room.seqByFromAndId.hash(f.from(), f.id());
        long first = room.seqByFromAndId.find(key, f.from(), f.id(), room);
        if (first != 0) {
          out.add(new Appended(first, true));
          continue;
        }
        long seq = ++room.lastSeq;
        // the bytes are the relay's own copy, never written again (NewFrame): kept, not copied twice more
        StoredFrame stored = new StoredFrame(f.room(), seq, f.kind(), f.from(), f.id(), f.sent(), f.epoch(),
            f.storedAt(), f.bytes());
        room.put(stored, f.recipients().isEmpty() ? Set.of() : new LinkedHashSet<>(f.recipients()), key);
        out.add(new Appended(seq, false));
      }
      return out;
    });
  }

  @Override
  public Future<List<StoredFrame>> read(String roomName, String nick, long after, int limit) {
    return run(() -> {
      List<StoredFrame> out = new ArrayList<>();
      Room room = rooms.get(roomName);
      Membership m = room == null ? null : room.members.get(nick);
      if (m == null) {
        return out;
      }
      for (Frame f : room.frames.after(Math.max(after, m.joinSeq()))) {
        if (out.size() >= Math.min(limit, MAX_PAGE)) {
          break;
        }
        StoredFrame s = f.stored();
        boolean group = s.kind() == FrameKind.GROUP_MESSAGE && m.version() >= 2 && !s.from().equals(nick);
        if (group || f.recipients().contains(nick)) {
          out.add(s);
        }
      }
      return out;
    });
  }

  @Override
  public Future<Long> maxSeq(String roomName) {
    return run(() -> {
      Room room = rooms.get(roomName);
      return room == null ? 0L : room.lastSeq;
    });
  }

  @Override
  public Future<Long> prune(Retention retention, long now) {
    return run(() -> rooms.values().stream().mapToLong(room -> prune(room, retention, now, true)).sum());
  }

  @Override
  public Future<Long> pruneRoom(String roomName, Retention retention, long now) {
    return run(() -> {
      Room room = rooms.get(roomName);
      return room == null ? 0L : prune(room, retention, now, false);
    });
  }

  /**
   * Retention for one room. {@code everyFrame} looks at every frame for the age rule; otherwise
   * the walk stops at the first frame retention keeps (frames are stored in seq and time order,
   * so that misses only frames a clock step put out of order, which the hourly pass takes).
   */
  private static long prune(Room room, Retention retention, long now, boolean everyFrame) {
    long countCut = room.lastSeq - retention.maxFramesPerRoom();
    long ageCut = now - retention.maxAge().toMillis();
    List<Frame> expired = new ArrayList<>();
    for (Frame f : room.frames.after(0)) {
      StoredFrame s = f.stored();
      if (s.seq() <= countCut || s.storedAt() < ageCut) {
        expired.add(f);
      } else if (!everyFrame) {
        break;
      }
    }
    // the others first: a sender_key goes only if no group message of its epoch is left
    List<Frame> senderKeys = new ArrayList<>();
    long deleted = 0;
    for (Frame f : expired) {
      if (f.stored().kind() == FrameKind.SENDER_KEY) {
        senderKeys.add(f);
      } else {
        room.remove(f);
        deleted++;
      }
    }
    for (Frame f : senderKeys) {
      StoredFrame s = f.stored();
      if (!room.anyGroupMessage(s.from(), s.epoch())) {
        room.remove(f);
        deleted++;
      } else {
        room.frames.keepAside(s.seq()); // its epoch is in use: the ring need not span it meanwhile
      }
    }
    return deleted;
  }

  @Override
  public Future<List<RoomStats>> rooms(String afterRoom, int limit) {
    return run(() -> {
      List<RoomStats> out = new ArrayList<>();
      for (Map.Entry<String, Room> e : rooms.tailMap(afterRoom, false).entrySet()) {
        if (out.size() >= Math.min(limit, MAX_PAGE)) {
          break;
        }
        Room r = e.getValue();
        long bytes = 0;
        for (Frame f : r.frames.after(0)) {
          bytes += f.stored().bytes().length();
        }
        out.add(new RoomStats(e.getKey(), r.lastSeq, r.members.size(), r.frames.size(), bytes));
      }
      return out;
    });
  }

  @Override
  public synchronized Future<Void> closeAsync() {
    closed = true;
    return Future.succeededFuture();
  }
}
