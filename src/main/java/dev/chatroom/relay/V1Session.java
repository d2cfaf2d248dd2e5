package dev.chatroom.relay;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.PublicKeys;
import dev.chatroom.protocol.ErrorCode;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.MessageHeader;
import dev.chatroom.protocol.ProtocolException;
import dev.chatroom.store.FrameKind;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The version 1 side of one connection (PROTOCOL.md sections 3-5): a nick claimed in one room
 * at a time, cluster-wide; a join moves it; its messages are routed live, or stored and
 * sequenced when version 2 members share the room (section 10).
 */
final class V1Session {
  private static final Logger LOG = LoggerFactory.getLogger(V1Session.class);
  // PROTOCOL.md section 4: a join to the room you are in rebuilds the member list, so at most once a second
  private static final long REJOIN_WELCOME_INTERVAL_NANOS = 1_000_000_000L;

  private final Connection conn;
  private final RelayCore core;
  private final V2Relay v2;
  private Membership.Member member; // null until the first room is joined
  private long lastWelcomeNanos;

  V1Session(Connection conn, RelayCore core, V2Relay v2) {
    this.conn = conn;
    this.core = core;
    this.v2 = v2;
    this.lastWelcomeNanos = core.nanoTime() - REJOIN_WELCOME_INTERVAL_NANOS;
  }

  Membership.Member member() { return member; }

  boolean joined() { return member != null; }

  /** A version 1 hello: joins its room if its keys parse and no version 2 identity owns the nick. */
  void start(Frame.Hello hello) {
    try {
      PublicKeys.parseRsa(hello.encKey());
      PublicKeys.parseEd25519(hello.sigKey());
    } catch (CryptoException e) {
      conn.refuseBadInput(new ProtocolException(ErrorCode.BAD_KEY, e.getMessage()));
      return;
    }
    // a nick registered by a version 2 identity is that identity's, for version 1 too
    conn.hold();
    v2.isRegistered(hello.nick()).onComplete(registered -> {
      conn.release();
      if (conn.isClosed()) {
        return;
      }
      if (registered.failed()) {
        conn.error(ErrorCode.INTERNAL, "could not join right now; try again", null);
      } else if (registered.result()) {
        conn.error(ErrorCode.NICK_REGISTERED, "nick '" + hello.nick() + "' is registered to a version 2 identity", null);
        conn.close(CloseReason.ERROR);
      } else {
        enterRoom(hello.room(), hello.nick(), hello.encKey(), hello.sigKey());
      }
      core.endTask();
    });
  }

  void onJoin(String room) {
    if (room.equals(member.room())) {
      if (core.nanoTime() - lastWelcomeNanos < REJOIN_WELCOME_INTERVAL_NANOS) {
        core.stats().rateLimited.increment();
        conn.error(ErrorCode.RATE_LIMITED, "you are in room '" + room + "'; a fresh welcome comes at most once a second", null);
      } else {
        sendWelcome();
      }
      return;
    }
    enterRoom(room, member.nick(), member.encKey(), member.sigKey());
  }

  /** Claims the nick in {@code room}; on success leaves the old room, if any, and welcomes. */
  private void enterRoom(String room, String nick, String encKey, String sigKey) {
    conn.hold();
    String session = UUID.randomUUID().toString();
    core.membership().claim(room, nick, encKey, sigKey, session).onComplete(result -> {
      if (conn.isClosed()) {
        if (result.succeeded()) {
          core.membership().release(result.result()); // the socket went away meanwhile
        }
      } else if (result.succeeded()) {
        moveTo(result.result());
      } else if (result.cause() instanceof Membership.NickTakenException) {
        conn.error(ErrorCode.NICK_TAKEN, "nick '" + nick + "' is taken in room '" + room + "'", null);
      } else {
        LOG.warn("join of {} to {} failed: {}", nick, room, result.cause().toString());
        conn.error(ErrorCode.INTERNAL, "could not join right now; try again", null);
      }
      conn.release();
      core.endTask();
    });
  }

  private void moveTo(Membership.Member joined) {
    Membership.Member previous = member;
    if (previous != null) {
      core.localRooms().remove(previous.room(), previous.nick(), conn);
      core.membership().release(previous);
      LOG.info("{} left room {} for {} ({})", previous.nick(), previous.room(), joined.room(), conn.remote());
    } else {
      core.stats().joins.increment();
      conn.joinedFirstRoom();
      LOG.info("{} joined room {} ({})", joined.nick(), joined.room(), conn.remote());
    }
    member = joined;
    core.localRooms().add(joined.room(), joined.nick(), conn);
    sendWelcome();
  }

  private void sendWelcome() {
    List<Frame.Member> others = new ArrayList<>();
    for (Membership.Member m : core.membership().members(member.room())) {
      if (!m.nick().equals(member.nick())) {
        others.add(m.toFrame());
      }
    }
    others.addAll(v2.onlineForV1(member.room(), member.nick()));
    conn.send(new Frame.Welcome(member.nick(), member.room(), others));
    lastWelcomeNanos = core.nanoTime();
  }

  void onMessage(MessageHeader m, Buffer line) {
    core.stats().messagesIn.increment();
    if (!m.from().equals(member.nick())) {
      conn.error(ErrorCode.SPOOFED_SENDER, "'from' must be your own nick, " + member.nick(), m.id());
      return;
    }
    if (!m.room().equals(member.room())) {
      conn.error(ErrorCode.WRONG_ROOM, "you are in room '" + member.room() + "'", m.id());
      return;
    }
    if (v2.rooms().hasMembers(member.room())) {
      // version 2 members are in the room: stored and sequenced like theirs, acked once durable
      v2.accept(conn, FrameKind.MESSAGE, m.id(), m.room(), m.from(), m.sent(), null, m.recipients(), line, (seq, missing) -> {
        core.stats().acks.increment();
        conn.send(new Frame.Ack(m.id(), missing));
      });
      return;
    }
    List<String> missing = core.router().route(member.room(), member.nick(), m.recipients(), line);
    core.stats().acks.increment();
    conn.send(dev.chatroom.protocol.AckLine.encodeV1(m.id(), missing)); // no generator per message: the same bytes
  }

  /** The connection ended: the nick is given back and the room hears {@code left}. */
  void closed() {
    if (member != null) {
      core.localRooms().remove(member.room(), member.nick(), conn);
      core.membership().release(member);
    }
  }
}
