package dev.chatroom.relay;

import dev.chatroom.crypto.AuthChallenge;
import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.crypto.PublicKeys;
import dev.chatroom.protocol.ErrorCode;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.MessageHeader;
import dev.chatroom.store.FrameKind;
import dev.chatroom.store.JoinOutcome;
import dev.chatroom.store.RegisterOutcome;
import dev.chatroom.store.Registration;
import dev.chatroom.store.StoredFrame;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The version 2 side of one connection (PROTOCOL.md sections 9-11): challenge and auth, the
 * identity's rooms with a cursor each (the highest seq written here, so nothing goes twice),
 * catch-up from the store before a room goes live, join, part and stored frames.
 */
final class V2Session {
  private static final Logger LOG = LoggerFactory.getLogger(V2Session.class);
  private static final long WELCOME_INTERVAL_NANOS = 1_000_000_000L;
  /** Room a catch-up leaves in the write queue for live frames of the rooms already synced. */
  private static final int CATCH_UP_MARGIN = 256 * 1024;
  /** News of a room held while its welcome is built; past this a second welcome says it all. */
  static final int MAX_HELD_NEWS = 64;

  private enum State { CHALLENGED, AUTHORIZING, LIVE, CLOSED }

  private final Connection conn;
  private final V2Relay relay;
  // the hello's fields, not the hello: it is not kept for the life of the connection
  private String nick; // the membership index's copy once live: one String per nick on the node
  private final String encKey;
  private final String sigKey;
  private SortedMap<String, Long> since; // the hello's, until the session goes live
  private AuthChallenge challenge = AuthChallenge.fresh(); // null once answered
  private final SessionRooms rooms = new SessionRooms();
  private State state = State.CHALLENGED;
  private IdentityKey identity; // the fingerprint, set at auth

  private V2Session(Connection conn, V2Relay relay, Frame.Hello hello) {
    this.conn = conn;
    this.relay = relay;
    this.nick = hello.nick();
    this.encKey = hello.encKey();
    this.sigKey = hello.sigKey();
    this.since = hello.since();
  }

  /** Answers a version 2 hello with a challenge; null (and an error sent) if its keys are bad. */
  static V2Session start(Connection conn, V2Relay relay, Frame.Hello hello) {
    try {
      PublicKeys.parseRsa(hello.encKey());
      PublicKeys.parseEd25519(hello.sigKey());
    } catch (CryptoException e) {
      conn.error(ErrorCode.BAD_KEY, e.getMessage(), null);
      return null;
    }
    V2Session session = new V2Session(conn, relay, hello);
    conn.send(new Frame.Challenge(session.challenge.nonce()));
    return session;
  }

  String nick() { return nick; }

  String encKey() { return encKey; }

  String sigKey() { return sigKey; }

  /** The identity's fingerprint as hex (made when asked: only the cluster and the store need it). */
  String fingerprint() { return identity == null ? null : identity.hex(); }

  IdentityKey identity() { return identity; }

  boolean authenticated() { return state == State.LIVE; }

  boolean inRoom(String room) { return rooms.contains(room); }

  /** The session's rooms in order, as a copy. */
  List<String> rooms() { return rooms.names(); }

  // ---- frames from the client

  /** Every frame after the hello; returns false for types the caller should refuse. */
  boolean handle(Frame frame, Buffer line) {
    if (frame instanceof Frame.Auth auth) {
      onAuth(auth);
      return true;
    }
    if (state != State.LIVE) {
      conn.error(ErrorCode.NOT_JOINED, state == State.CHALLENGED ? "answer the challenge with auth first"
          : "wait for ready", null);
      return true;
    }
    if (frame instanceof Frame.Join join) {
      onJoin(join.room());
    } else if (frame instanceof Frame.Part part) {
      onPart(part.room());
    } else if (frame instanceof Frame.Message m) {
      onStored(FrameKind.MESSAGE, m.id(), m.room(), m.from(), m.sent(), null, List.copyOf(m.encryptedKeys().keySet()), line);
    } else if (frame instanceof Frame.SenderKey k) {
      onStored(FrameKind.SENDER_KEY, k.id(), k.room(), k.from(), k.sent(), k.epoch(), List.copyOf(k.encryptedKeys().keySet()), line);
    } else if (frame instanceof Frame.GroupMessage g) {
      onStored(FrameKind.GROUP_MESSAGE, g.id(), g.room(), g.from(), g.sent(), g.epoch(), List.of(), line);
    } else if (frame instanceof Frame.RoomsRequest) {
      conn.send(relay.roomList());
    } else {
      return false;
    }
    return true;
  }

  /** A stored frame the fast path read without building it (or its encrypted fields' Strings). */
  void onScanned(MessageHeader h, Buffer line) {
    if (state != State.LIVE) {
      conn.error(ErrorCode.NOT_JOINED, "answer the challenge with auth first", h.id());
      return;
    }
    onStored(kindOf(h), h.id(), h.room(), h.from(), h.sent(), h.epoch(), h.recipients(), line);
  }

  private static FrameKind kindOf(MessageHeader h) {
    return h.isMessage() ? FrameKind.MESSAGE
        : MessageHeader.GROUP_MESSAGE.equals(h.type()) ? FrameKind.GROUP_MESSAGE : FrameKind.SENDER_KEY;
  }

  private void onAuth(Frame.Auth auth) {
    if (state != State.CHALLENGED) {
      conn.error(ErrorCode.ALREADY_JOINED, "this connection has already authenticated", null);
      return;
    }
    boolean signed = challenge.verify(nick, encKey, sigKey, auth.signature());
    challenge = null; // one answer per challenge, right or wrong
    if (!signed) {
      conn.error(ErrorCode.BAD_AUTH, "the signature does not match the challenge and your sig_key", null);
      conn.close(CloseReason.ERROR);
      return;
    }
    String fingerprint;
    try {
      fingerprint = Fingerprint.of(PublicKeys.parseRsa(encKey), PublicKeys.parseEd25519(sigKey)).hex();
      identity = IdentityKey.ofHex(fingerprint);
    } catch (CryptoException e) {
      conn.close(CloseReason.ERROR); // checked at hello; cannot happen
      return;
    }
    state = State.AUTHORIZING;
    conn.hold();
    long now = relay.now();
    relay.store().register(new Registration(nick(), fingerprint, encKey(), sigKey(), now, now))
        .compose(outcome -> {
          if (outcome == RegisterOutcome.OTHER_IDENTITY) {
            return io.vertx.core.Future.succeededFuture((SortedMap<String, Long>) null);
          }
          return relay.store().roomsOf(nick()).compose(relay::highestSeqs);
        })
        .onComplete(result -> {
          if (state == State.CLOSED) {
            return;
          }
          if (result.failed()) {
            LOG.warn("auth of {} failed in the store: {}", nick(), result.cause().getMessage());
            conn.error(ErrorCode.INTERNAL, "the relay could not read its store; try again", null);
            conn.close(CloseReason.ERROR);
          } else if (result.result() == null) {
            conn.error(ErrorCode.NICK_REGISTERED, "nick '" + nick() + "' is registered to another identity", null);
            conn.close(CloseReason.ERROR);
          } else {
            goLive(result.result());
          }
          conn.release();
          relay.afterEvent();
        });
  }

  /** {@code memberOf}: the identity's rooms with the highest seq each has stored. */
  private void goLive(SortedMap<String, Long> memberOf) {
    state = State.LIVE;
    nick = relay.rooms().canonicalNick(nick);
    conn.authenticated(); // a sender_key or message to a big room is far over the pre-join 64 KB
    relay.online(this); // replaces an older connection of this identity, frees the nick of v1 users
    LOG.info("{} authenticated ({} rooms, {})", nick(), memberOf.size(), conn.remote());
    SortedMap<String, Long> since = this.since; // null: the client asks for everything retained
    this.since = null;
    for (var entry : memberOf.entrySet()) {
      String room = entry.getKey();
      long asked = since == null ? 0 : since.getOrDefault(room, 0L);
      // a since above the room's seq means the relay lost history: deliver what comes next
      rooms.put(new RoomCursor(room, Math.min(asked, entry.getValue()), false));
      relay.enterRoom(this, room, false);
    }
    List<String> names = rooms.names();
    conn.send(new Frame.Ready(nick(), names));
    catchUp(names.iterator());
  }

  /** Per room in order: welcome, the stored frames above the cursor, synced; then the room is live. */
  private void catchUp(Iterator<String> pending) {
    if (state == State.CLOSED) {
      return;
    }
    if (!pending.hasNext()) {
      relay.afterEvent();
      return;
    }
    String room = pending.next();
    RoomCursor cursor = rooms.get(room);
    if (cursor == null) { // parted meanwhile
      catchUp(pending);
      return;
    }
    relay.welcome(this, room, relay.rooms().maxSeq(room)).onComplete(w -> {
      if (w.succeeded() && state != State.CLOSED) {
        conn.send(w.result());
        welcomeSent(room, cursor);
        relay.afterEvent();
        readPage(room, cursor, pending);
      } else if (state != State.CLOSED) {
        failed("read the members of " + room, w.cause());
      }
    });
  }

  private void readPage(String room, RoomCursor cursor, Iterator<String> pending) {
    // every seq known now is committed: a short page proves the rest of them are not for us
    cursor.readTarget = Math.max(cursor.target, relay.rooms().maxSeq(room));
    relay.store().read(room, nick(), cursor.lastSeq, relay.catchUpPage()).onComplete(page -> {
      if (state == State.CLOSED || rooms.get(room) != cursor) {
        catchUp(pending);
      } else if (page.failed()) {
        failed("read the history of " + room, page.cause());
      } else {
        writePage(room, cursor, page.result(), 0, pending);
      }
    });
  }

  /**
   * Writes a page while the socket has room for it; waits (the slow-consumer bound holds) when
   * it has not, then reads on until a short page, and any frame skipped live meanwhile, is written.
   */
  private void writePage(String room, RoomCursor cursor, List<StoredFrame> page, int from, Iterator<String> pending) {
    if (state == State.CLOSED || rooms.get(room) != cursor) {
      catchUp(pending);
      return;
    }
    for (int i = from; i < page.size(); i++) {
      StoredFrame frame = page.get(i);
      if (conn.headroom() < frame.bytes().length() + CATCH_UP_MARGIN) {
        int next = i;
        relay.afterEvent();
        conn.whenHeadroom(relay.catchUpHeadroom(), () -> writePage(room, cursor, page, next, pending));
        return;
      }
      write(room, cursor, frame.seq(), frame.bytes());
    }
    relay.afterEvent();
    if (page.size() >= relay.catchUpPage()) {
      readPage(room, cursor, pending);
      return;
    }
    cursor.lastSeq = Math.max(cursor.lastSeq, cursor.readTarget);
    if (cursor.target > cursor.lastSeq) { // stored while the read ran: read again
      readPage(room, cursor, pending);
      return;
    }
    cursor.live = true;
    if (!cursor.refill) {
      conn.send(new Frame.Synced(room, cursor.lastSeq));
    }
    cursor.refill = false;
    relay.afterEvent();
    catchUp(pending);
  }

  /** Live seqs jumped (a batch between nodes was lost or overtaken): read the hole from the store. */
  private void refill(String room, RoomCursor cursor, long seq) {
    cursor.live = false;
    cursor.refill = true;
    cursor.target = seq;
    readPage(room, cursor, java.util.Collections.emptyIterator());
  }

  private void failed(String what, Throwable cause) {
    LOG.warn("could not {} for {}: {}", what, nick(), cause == null ? "?" : cause.getMessage());
    conn.error(ErrorCode.INTERNAL, "the relay could not read its store; reconnect to catch up", null);
    conn.close(CloseReason.ERROR);
    relay.afterEvent();
  }

  private void onJoin(String room) {
    RoomCursor cursor = rooms.get(room);
    if (cursor != null) {
      long now = System.nanoTime();
      if (now - cursor.lastWelcomeNanos < WELCOME_INTERVAL_NANOS) {
        conn.errorInRoom(ErrorCode.RATE_LIMITED, "one welcome per second per room", null, room);
        return;
      }
      cursor.lastWelcomeNanos = now;
      sendWelcome(room);
      return;
    }
    conn.hold();
    relay.store().join(room, nick(), 2, relay.now(), relay.limits().maxRoomsPerMember(), relay.limits().maxRoomMembers())
        .onComplete(result -> {
          if (state != State.CLOSED) {
            if (result.failed()) {
              LOG.warn("join of {} to {} failed in the store: {}", nick(), room, result.cause().getMessage());
              conn.errorInRoom(ErrorCode.INTERNAL, "could not join right now; try again", null, room);
            } else if (result.result() instanceof JoinOutcome.TooManyRooms t) {
              conn.errorInRoom(ErrorCode.TOO_MANY_ROOMS, "you are in " + t.limit() + " rooms already; part one first", null, room);
            } else if (result.result() instanceof JoinOutcome.RoomFull f) {
              conn.errorInRoom(ErrorCode.ROOM_FULL, "room '" + room + "' has " + f.limit() + " members already", null, room);
            } else {
              long joinSeq = result.result() instanceof JoinOutcome.Joined j ? j.membership().joinSeq()
                  : ((JoinOutcome.AlreadyMember) result.result()).membership().joinSeq();
              // not live until the welcome is out: what is stored meanwhile is read after it, in order
              RoomCursor joined = new RoomCursor(room, Math.max(joinSeq, relay.rooms().maxSeq(room)), false);
              joined.joining = true;
              joined.refill = true; // a join's welcome is followed by no synced
              rooms.put(joined);
              LOG.info("{} joined room {} ({})", nick(), room, conn.remote());
              relay.enterRoom(this, room, true);
              sendWelcome(room);
            }
          }
          conn.release();
          relay.afterEvent();
        });
  }

  private void sendWelcome(String room) {
    conn.hold(); // frames after the join wait until the welcome is out
    RoomCursor joining = rooms.get(room);
    long seq = joining != null && joining.joining ? joining.lastSeq : relay.rooms().maxSeq(room);
    relay.welcome(this, room, seq).onComplete(w -> {
      if (state != State.CLOSED) {
        if (w.succeeded()) {
          conn.send(w.result());
          RoomCursor cursor = rooms.get(room);
          if (cursor != null) {
            welcomeSent(room, cursor);
          }
        } else {
          conn.errorInRoom(ErrorCode.INTERNAL, "could not read the room's members; try again", null, room);
        }
      }
      conn.release();
      relay.afterEvent();
    });
  }

  /**
   * The room's welcome is out: the news held while it was built follows it (or, if more came
   * than is held, a second welcome does), and a new member's frames stored meanwhile are read.
   */
  private void welcomeSent(String room, RoomCursor cursor) {
    if (cursor.welcomed) {
      return;
    }
    if (cursor.heldOverflowed) {
      cursor.heldOverflowed = false;
      cursor.held = null;
      sendWelcome(room);
      return;
    }
    cursor.welcomed = true;
    if (cursor.held != null) {
      cursor.held.forEach(conn::send);
      cursor.held = null;
    }
    if (cursor.joining) {
      cursor.joining = false;
      readPage(room, cursor, java.util.Collections.emptyIterator());
    }
  }

  /** Joined, left or presence news of {@code room}: never before the room's first welcome. */
  void news(String room, Frame frame) {
    RoomCursor cursor = rooms.get(room);
    if (cursor == null || cursor.welcomed) {
      conn.send(frame);
    } else if (cursor.heldOverflowed) {
      return; // the second welcome will say it
    } else if (cursor.held == null || cursor.held.size() < MAX_HELD_NEWS) {
      if (cursor.held == null) {
        cursor.held = new java.util.ArrayList<>(4);
      }
      cursor.held.add(frame);
    } else {
      cursor.heldOverflowed = true;
      cursor.held = null;
    }
  }

  private void onPart(String room) {
    if (!rooms.contains(room)) {
      conn.errorInRoom(ErrorCode.NOT_MEMBER, "you are not a member of '" + room + "'", null, room);
      return;
    }
    conn.hold();
    relay.store().part(room, nick()).onComplete(result -> {
      if (state != State.CLOSED) {
        if (result.failed()) {
          conn.errorInRoom(ErrorCode.INTERNAL, "could not part right now; try again", null, room);
        } else {
          rooms.remove(room);
          relay.leaveRoom(this, room, true);
          LOG.info("{} parted room {} ({})", nick(), room, conn.remote());
          conn.send(new Frame.Parted(room));
        }
      }
      conn.release();
      relay.afterEvent();
    });
  }

  private void onStored(FrameKind kind, String id, String room, String from, long sent, String epoch,
                        List<String> recipients, Buffer line) {
    if (!rooms.contains(room)) {
      conn.errorInRoom(ErrorCode.NOT_MEMBER, "you are not a member of '" + room + "'", id, room);
      return;
    }
    if (!from.equals(nick())) {
      conn.errorInRoom(ErrorCode.SPOOFED_SENDER, "'from' must be your own nick, " + nick(), id, room);
      return;
    }
    relay.accept(conn, kind, id, room, from, sent, epoch, recipients, line, (seq, missing) ->
        conn.send(dev.chatroom.protocol.AckLine.encode(id, room, seq, missing)));
  }

  // ---- frames to the client

  /**
   * A frame stored in {@code room}, live; every stored seq of the room comes here, {@code delivery}
   * (shared by every recipient on this node) null when it is not for this connection. Written unless this room is catching up; a seq
   * past the next one (or one whose bytes this node lacks, {@code known} false) means a frame
   * was missed here, so the store fills the hole first and order holds.
   */
  void offer(String room, long seq, SharedLine delivery, boolean known) {
    RoomCursor cursor = rooms.get(room);
    if (cursor == null || state != State.LIVE) {
      return;
    }
    if (!cursor.live) {
      cursor.target = Math.max(cursor.target, seq); // the catch-up reads it
      return;
    }
    if (seq <= cursor.lastSeq) {
      return;
    }
    if (seq != cursor.lastSeq + 1 || !known) {
      refill(room, cursor, seq);
      return;
    }
    cursor.lastSeq = seq;
    if (delivery != null) {
      conn.deliver(delivery);
    }
  }

  private void write(String room, RoomCursor cursor, long seq, Buffer bytes) {
    if (seq > cursor.lastSeq) {
      cursor.lastSeq = seq;
      conn.deliverWrapped(relay.deliveryHead(room, seq), bytes);
    }
  }

  void send(Frame frame) { conn.send(frame); }

  /** A newer connection of the same identity took over. */
  void replaced() {
    conn.error(ErrorCode.REPLACED, "this identity connected again elsewhere; this connection ends", null);
    conn.close(CloseReason.REPLACED);
  }

  /** The connection ended: its rooms hear it went offline (it stays a member). */
  void closed() {
    if (state == State.CLOSED) {
      return;
    }
    boolean wasLive = state == State.LIVE;
    state = State.CLOSED;
    if (wasLive) {
      for (String room : rooms.names()) {
        relay.leaveRoom(this, room, false);
      }
      relay.offline(this);
    }
  }

  /** The names of the rooms and their cursors, for tests and logs. */
  Map<String, Long> cursors() {
    Map<String, Long> out = new HashMap<>();
    rooms.all().forEach(c -> out.put(c.room, c.lastSeq));
    return out;
  }

  Connection connection() { return conn; }
}
