package dev.chatroom.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;

/**
 * Everything the relay keeps across restarts: registrations, memberships and stored frames
 * (PROTOCOL.md sections 9-11). Every method returns at once; the work runs off the event loop
 * (SQLite: one writer thread that group-commits, reads on workers; PostgreSQL: the reactive
 * client) and the future completes on the caller's context. Times are epoch milliseconds given
 * by the caller, so that tests and the relay agree on "now". A failed future carries a
 * {@link StoreException}; a write that failed changed nothing.
 */
public interface RelayStore extends AutoCloseable {
  /** Largest page {@link #read} and {@link #members} return, whatever the limit asked. */
  int MAX_PAGE = 1_000;

  /** Opens (creating if needed) and migrates the store; fails with one sentence naming it. */
  static Future<RelayStore> open(Vertx vertx, StoreLocation location) {
    return Stores.open(vertx, location);
  }

  /** The store this is, password hidden. */
  StoreLocation location();

  // --- registrations (section 9) ---

  /**
   * Registers {@code nick} to the identity if the nick is free, or touches it if it is already
   * this identity's (same fingerprint), atomically; another identity's nick is left alone.
   */
  Future<RegisterOutcome> register(Registration registration);

  Future<Optional<Registration>> registration(String nick);

  /** The nick connected or disconnected: updates last_seen of its registration and memberships. */
  Future<Void> touch(String nick, long now);

  /** Operator: removes a registration (lost keys) and the memberships of that nick; true if it existed. */
  Future<Boolean> removeRegistration(String nick);

  /** Removes registrations (and their nicks' memberships) not seen since {@code before}; returns the nicks. */
  Future<List<String>> expireRegistrations(long before);

  // --- memberships (section 10) ---

  /**
   * Makes {@code nick} a member of {@code room} (creating the room) unless already one, or
   * refuses it by the limits; the new membership's joinSeq is the room's current max seq.
   */
  Future<JoinOutcome> join(String room, String nick, int version, long now, int maxRoomsPerMember,
      int maxRoomMembers);

  /** Ends a membership; true if there was one. The room and its seq stay. */
  Future<Boolean> part(String room, String nick);

  Future<Optional<Membership>> membership(String room, String nick);

  /** The rooms {@code nick} is a member of, sorted by room (at most max_rooms_per_member of them). */
  Future<List<Membership>> roomsOf(String nick);

  /** A page of members of {@code room} with their keys, sorted by nick, after {@code afterNick} ("" for the first). */
  Future<List<Member>> members(String room, String afterNick, int limit);

  Future<Long> memberCount(String room);

  /** Which of {@code nicks} are members of {@code room} now, in one query (an ack's {@code missing} is the rest). */
  Future<java.util.Set<String>> membersAmong(String room, java.util.Collection<String> nicks);

  /** Parts every membership whose last_seen is before {@code before}; returns what it removed. */
  Future<List<Membership>> expireMembers(long before);

  // --- frames (section 11) ---

  /**
   * Stores frames in one transaction with the other writes waiting at that moment (group
   * commit), in order; each new frame gets its room's next seq (1, 2, 3 ... never reused), a
   * frame whose (room, from, id) is stored already gets its first seq back and stores nothing.
   * The future completes only once the transaction is durable, so its seqs may be acked.
   */
  Future<List<Appended>> append(List<NewFrame> frames);

  /**
   * A page of the frames of {@code room} with seq above {@code after} of which {@code nick} is a
   * recipient, in seq order, at most {@code limit} (capped to {@link #MAX_PAGE}). A nick is a
   * recipient of a frame with seq S only while it is a member whose joinSeq is below S, and then
   * of: a message or sender_key naming it; a group_message from anyone else. Since a membership
   * starts at the room's max seq and ends at part, "joinSeq below S" is exactly "a member when S
   * was stored". Not a member: an empty page.
   */
  Future<List<StoredFrame>> read(String room, String nick, long after, int limit);

  /** The room's highest seq ever assigned (0 for a new room); retention never lowers it. */
  Future<Long> maxSeq(String room);

  /** Applies retention to every room now; returns how many frames it deleted. */
  Future<Long> prune(Retention retention, long now);

  /** Applies retention to one room now (a busy room between the hourly passes); returns how many it deleted. */
  Future<Long> pruneRoom(String room, Retention retention, long now);

  /** A page of rooms for operators, sorted by name, after {@code afterRoom} ("" for the first). */
  Future<List<RoomStats>> rooms(String afterRoom, int limit);

  /** Finishes queued writes, then closes; later calls fail. */
  Future<Void> closeAsync();

  @Override
  default void close() throws Exception {
    closeAsync().await();
  }
}
