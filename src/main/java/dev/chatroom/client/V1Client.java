package dev.chatroom.client;

import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageOpener;
import dev.chatroom.crypto.MessageSealer;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.TrustStore;
import dev.chatroom.protocol.Frame;
import io.vertx.core.Vertx;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Protocol version 1 ({@code --protocol 1}, for old relays), unchanged: one room at a time.
 * The chat logic both modes share. Lines come in from any thread ({@link #submit}); everything
 * else runs on the session's event loop. Lines that need the relay wait in a bounded queue
 * until we are welcomed, are sealed one at a time off the event loop (so per-sender order
 * holds and the UI never stalls) and stay pending until acked; a lost connection puts the
 * unacked ones back in front of the queue, to be resealed for the new room state.
 */
final class V1Client implements ClientCore, LocalCommands.Context {
  static final int QUEUE_LIMIT = ChatClient.QUEUE_LIMIT;

  private final Vertx vertx;
  private final Identity me;
  private final String nick;
  private final ChatSession session;
  private final Output out;
  private final boolean bell;
  private final Roster roster;
  private final Receiver receiver;
  private final LocalCommands local;
  private final MessageSealer sealer = new MessageSealer();
  private final Deque<String> outbound = new ArrayDeque<>();
  private final Semaphore space = new Semaphore(QUEUE_LIMIT);
  private final Map<String, String> pending = new LinkedHashMap<>(); // message id -> line
  private final CompletableFuture<String> fatal = new CompletableFuture<>();
  private volatile boolean ready;
  private volatile String room;
  private String joinTarget;
  private String sealingLine;
  private int generation;
  private boolean everWelcomed;
  private CompletableFuture<Boolean> drained;

  V1Client(Vertx vertx, ChatSession session, Identity me, String nick, String room,
                    TrustStore trust, MessageOpener opener, Output out, boolean bell) {
    this.vertx = vertx;
    this.session = session;
    this.me = me;
    this.nick = nick;
    this.room = room;
    this.out = out;
    this.bell = bell;
    this.roster = new Roster(trust, out);
    this.receiver = new Receiver(me, roster, out, opener);
    this.local = new LocalCommands(this, trust, out);
  }

  @Override
  public void start() { session.context().runOnContext(v -> session.start(this)); }

  @Override
  public java.util.List<String> rooms() { return List.of(room); }

  /** One room at a time in version 1: only the room we are in can be focused. */
  @Override
  public boolean focus(String room) { return room.equals(this.room); }

  @Override
  public int fatalExitCode() { return 1; }

  @Override
  public String nick() { return nick; }

  @Override
  public String room() { return room; }

  @Override
  public boolean ready() { return ready; }

  @Override
  public Fingerprint fingerprint() { return me.fingerprint(); }

  @Override
  public Roster roster() { return roster; }

  /** Completes with one sentence when the relay refuses us for good (bad nick, taken nick...). */
  @Override
  public CompletableFuture<String> fatal() { return fatal; }

  /**
   * Takes one typed line from any thread; false when it was /quit. While connected a full queue
   * makes the caller wait (a script cannot outrun the relay); while offline it is reported.
   */
  @Override
  public boolean submit(String inRoom, String line) throws InterruptedException {
    Command c = Command.parse(line);
    if (c instanceof Command.Part) {
      session.context().runOnContext(v -> out.warn("/part needs protocol version 2 (without --protocol 1)"));
      return true;
    }
    if (c instanceof Command.Quit) {
      return false;
    }
    if (!c.needsRelay()) {
      session.context().runOnContext(v -> local.run(c));
      return true;
    }
    if (!space.tryAcquire()) {
      if (!ready) {
        out.warn("not sent (offline and " + QUEUE_LIMIT + " lines already queued): " + line);
        return true;
      }
      space.acquire();
    }
    session.context().runOnContext(v -> {
      if (!ready && everWelcomed) {
        out.notice("offline: queued until reconnected");
      }
      outbound.addLast(line);
      pump();
    });
    return true;
  }

  /** Completes true once every line is sent and acked, false after {@code timeoutMs}. */
  @Override
  public CompletableFuture<Boolean> drain(long timeoutMs) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    session.context().runOnContext(v -> {
      drained = done;
      long timer = vertx.setTimer(timeoutMs, t -> done.complete(false));
      done.whenComplete((ok, e) -> vertx.cancelTimer(timer));
      checkDrained();
    });
    return done;
  }

  /** Reports every line that did not make it, sends quit and closes. */
  @Override
  public CompletableFuture<Integer> stop() {
    CompletableFuture<Integer> unsent = new CompletableFuture<>();
    session.context().runOnContext(v -> {
      List<String> lost = new ArrayList<>(pending.values());
      if (sealingLine != null) {
        lost.add(sealingLine);
      }
      lost.addAll(outbound);
      for (String line : lost) {
        out.warn("not sent: " + line);
      }
      ready = false;
      session.stop().onComplete(ar -> unsent.complete(lost.size()));
    });
    return unsent;
  }

  @Override
  public void connected(ServerAddress server) {
    generation++;
    session.send(new Frame.Hello(1, nick, room, me.encKey(), me.sigKey()));
  }

  @Override
  public void disconnected() {
    generation++;
    ready = false;
    if (joinTarget != null) {
      room = joinTarget; // the user asked for that room: rejoin there
      joinTarget = null;
    }
    // Unacked lines go back in front, oldest first, to be resealed after rejoining.
    List<String> again = new ArrayList<>(pending.values());
    if (sealingLine != null) {
      again.add(sealingLine);
      sealingLine = null;
    }
    pending.clear();
    for (int i = again.size() - 1; i >= 0; i--) {
      outbound.addFirst(again.get(i));
    }
  }

  @Override
  public void frame(Frame f) {
    if (f instanceof Frame.Message m) {
      Payload opened = receiver.open(m, nick, room);
      if (opened != null) {
        Payload p = Display.honest(opened, m.encryptedKeys().size()); // the receiver checked we are named
        out.message(new ShownMessage(room, Shown.nick(m.from()), Shown.text(p.text()), p.action(), p.isPrivate(),
            p.isPrivate() ? m.from() : null, 0, m.sent(), m.id(), false, false), Display.format(m.from(), p));
        if (bell && (p.isPrivate() || Display.mentions(p.text(), nick))) {
          out.bell();
        }
      }
    } else if (f instanceof Frame.Ack a) {
      pending.remove(a.id());
      if (!a.missing().isEmpty()) {
        out.warn("not delivered to " + String.join(", ", a.missing().stream().map(Shown::nick).toList())
            + " (no longer in the room)");
      }
      checkDrained();
    } else if (f instanceof Frame.Welcome w) {
      welcome(w);
    } else if (f instanceof Frame.Joined j) {
      Roster.Member m = roster.joined(j);
      if (m.state() == TrustStore.State.UNPINNED) {
        return; // a pin flood: one warning covers every nick in it
      }
      out.notice(Shown.nick(j.nick()) + " joined" + (m.keys() == null ? ""
          : " (" + m.keys().fingerprint().shortForm() + ", " + LocalCommands.describe(m.state()) + ")"));
    } else if (f instanceof Frame.Left l) {
      roster.left(l.nick());
      out.notice(Shown.nick(l.nick()) + " left");
    } else if (f instanceof Frame.RoomList r) {
      List<List<String>> rows = r.rooms().stream()
          .map(i -> List.of("  " + Shown.room(i.room()), String.valueOf(i.members()))).toList();
      out.notice(r.rooms().isEmpty() ? "no rooms have members" : "rooms:\n" + Display.table(rows));
    } else if (f instanceof Frame.Error e) {
      error(e);
    }
  }

  private void welcome(Frame.Welcome w) {
    boolean moved = !w.room().equals(room) || joinTarget != null;
    room = w.room();
    joinTarget = null;
    roster.reset(w.members());
    session.established();
    String here = w.members().isEmpty() ? "nobody else is here"
        : "here: " + String.join(", ", roster.nicks().stream().map(Shown::nick).toList());
    out.notice((everWelcomed && !moved ? "rejoined " : "joined ") + Shown.room(room) + " as " + nick + "; " + here);
    everWelcomed = true;
    ready = true;
    pump();
  }

  private void error(Frame.Error e) {
    // A code we do not know is shown as "unknown error": its text could pose as a message.
    String text = Shown.errorCode(e.code()) + ": " + Shown.text(e.message());
    if (e.id() != null) {
      String line = pending.remove(e.id());
      out.warn("not sent (" + text + ")" + (line == null ? "" : ": " + line));
      checkDrained();
    } else if (joinTarget != null && ("bad_room".equals(e.code()) || "nick_taken".equals(e.code()))) {
      out.warn("cannot join " + joinTarget + " (" + text + ")");
      joinTarget = null;
      pump();
    } else if (!ready && ("nick_taken".equals(e.code()) && everWelcomed || "server_full".equals(e.code()))) {
      out.notice("the relay says " + text + "; will retry");
      session.retryLater(); // after a drop, the old session may hold our nick a little longer
    } else if (!ready) {
      fatal.complete("the relay refused to let us join: " + text);
    } else {
      out.warn("relay error " + text);
    }
  }

  /** Sends queued lines while welcomed, one seal at a time. */
  private void pump() {
    while (ready && joinTarget == null && sealingLine == null && !outbound.isEmpty()) {
      String line = outbound.pollFirst();
      space.release();
      send(line, Command.parse(line));
    }
    checkDrained();
  }

  private void send(String line, Command c) {
    if (c instanceof Command.Say s) {
      sealForRoom(line, new Payload(s.text(), false, false));
    } else if (c instanceof Command.Me m) {
      sealForRoom(line, new Payload(m.text(), true, false));
    } else if (c instanceof Command.Msg m) {
      Roster.Member to = roster.get(m.nick());
      if (to == null || !to.trusted()) {
        out.warn("not sent: " + m.nick() + (to == null ? " is not in room " + room
            : to.state() == TrustStore.State.UNPINNED ? " is new and not pinned yet (too many new nicks at once)"
            : "'s keys changed; compare /fp " + m.nick() + " out of band, then /trust " + m.nick() + " FINGERPRINT") + ": " + line);
        return;
      }
      seal(line, new Payload(m.text(), false, true), Map.of(to.nick(), to.keys().encKey()),
          "[private to " + to.nick() + "] " + nick + ": " + Shown.text(m.text()));
    } else if (c instanceof Command.JoinRoom j) {
      if (j.room().equals(room)) {
        out.notice("already in " + room);
      } else {
        joinTarget = j.room();
        session.send(new Frame.Join(j.room()));
      }
    } else if (c instanceof Command.Rooms) {
      session.send(new Frame.RoomsRequest());
    }
  }

  private void sealForRoom(String line, Payload p) {
    int unpinned = 0;
    for (Roster.Member m : roster.all()) {
      if (m.state() == TrustStore.State.UNPINNED) {
        unpinned++;
      } else if (!m.trusted()) {
        out.warn("not encrypting to " + m.nick() + ": keys changed and not trusted");
      }
    }
    if (unpinned > 0) {
      out.warn("not encrypting to " + unpinned + " new members not yet pinned (too many new nicks at once)");
    }
    Map<String, PublicKey> to = roster.trustedRecipients();
    if (to.isEmpty()) {
      out.warn("not sent (nobody else is in " + room + "): " + line);
      return;
    }
    seal(line, p, to, Display.format(nick, p));
  }

  private void seal(String line, Payload p, Map<String, PublicKey> to, String echo) {
    sealingLine = line;
    int gen = generation;
    String inRoom = room;
    // RSA per recipient is CPU work: off the event loop, ordered so sends keep their order.
    vertx.executeBlocking(() -> sealer.seal(me, nick, inRoom, p.encode(), to), true)
        .onComplete(ar -> {
          if (gen != generation) {
            pump(); // the connection changed meanwhile: the line was put back in the queue
            return;
          }
          sealingLine = null;
          if (ar.failed()) {
            out.warn("not sent (could not encrypt: " + ar.cause().getMessage() + "): " + line);
          } else {
            pending.put(ar.result().id(), line);
            session.send(ar.result());
            String peer = p.isPrivate() ? to.keySet().iterator().next() : null;
            out.message(new ShownMessage(inRoom, nick, Shown.text(p.text()), p.action(), p.isPrivate(), peer,
                0, ar.result().sent(), ar.result().id(), true, false), echo);
          }
          pump();
        });
  }

  private void checkDrained() {
    if (drained != null && outbound.isEmpty() && sealingLine == null && pending.isEmpty()) {
      drained.complete(true);
    }
  }
}
