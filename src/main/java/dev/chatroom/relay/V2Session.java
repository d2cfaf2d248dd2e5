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
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The version 2 side of one connection (PROTOCOL.md sections 9-11): challenge and auth, the
 * identity's rooms with a cursor each (the highest seq written here, so nothing goes twice),
 * join, part and stored frames; what the client is sent of its rooms is {@link RoomFeed}'s.
 */
final class V2Session {
  private static final Logger LOG = LoggerFactory.getLogger(V2Session.class);
  private static final long WELCOME_INTERVAL_NANOS = 1_000_000_000L;

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
  private final RoomFeed feed;
  private State state = State.CHALLENGED;
  private IdentityKey identity; // the fingerprint, set at auth

  private V2Session(Connection conn, V2Relay relay, Frame.Hello hello) {
    this.conn = conn;
    this.relay = relay;
    this.nick = hello.nick();
    this.encKey = hello.encKey();
    this.sigKey = hello.sigKey();
    this.since = hello.since();
    this.feed = new RoomFeed(this, conn, relay, rooms);
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

  boolean isClosed() { return state == State.CLOSED; }

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
    feed.catchUp(names.iterator());
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
      feed.sendWelcome(room);
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
              feed.sendWelcome(room);
            }
          }
          conn.release();
          relay.afterEvent();
        });
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

  /** See {@link RoomFeed#offer}. */
  void offer(String room, long seq, SharedLine delivery, boolean known) { feed.offer(room, seq, delivery, known); }

  /** See {@link RoomFeed#news}. */
  void news(String room, Frame frame) { feed.news(room, frame); }

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
