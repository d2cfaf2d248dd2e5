package dev.chatroom.client;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageSealer;
import dev.chatroom.crypto.OutboxStore;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.TrustStore;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import io.vertx.core.Vertx;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Version 2's send path: lines wait in a {@link SendQueue} until their room is welcomed on this
 * connection, are sealed off the event loop one at a time (through the {@link RoomSealer}
 * seam), and their frames stay pending, as encoded, until acked; after a reconnect's ready
 * every pending frame is written again unchanged. Offline members are encrypted to like online
 * ones; alone in a room, a line is still stored (for no one) and the user is told. Every
 * pending frame is also in the {@link OutboxStore} (written before it is sent), so a restart
 * resends, first, what the last run did not see acked; at exit, lines still queued are sealed
 * to the members last known so they are kept too (never as plaintext).
 */
final class V2Outbox {
  private final Vertx vertx;
  private final ChatSession session;
  private final Identity me;
  private final String nick;
  private final Output out;
  private final V2Client client;
  /** PROTOCOL.md section 1: the relay's default maximum frame, newline included. */
  static final int RELAY_FRAME_LIMIT = 1024 * 1024;
  private final SendQueue queue = new SendQueue(ChatClient.QUEUE_LIMIT);
  private final MessageSealer messages = new MessageSealer();
  private final RoomSealer sealer;
  private final OutboxStore store;
  /** Sealed, and not yet on disk: sent once they are, so what went out survives a crash. */
  private final java.util.Set<String> notDurable = new java.util.HashSet<>();
  private boolean closing; // stop(): seal what is queued for the outbox, send nothing
  private CompletableFuture<Integer> stopped;
  /** Rooms we sent a join for; true when the user asked, so the room becomes the current one. */
  private final Map<String, Boolean> joining = new HashMap<>();
  private boolean live;
  private boolean toldQueued; // once per time offline, not once per line
  private CompletableFuture<Boolean> drained;

  V2Outbox(Vertx vertx, ChatSession session, Identity me, String nick, Output out, V2Client client,
           OutboxStore store, GroupKeys groups) {
    this.vertx = vertx;
    this.session = session;
    this.me = me;
    this.nick = nick;
    this.out = out;
    this.client = client;
    RoomSealer perRecipient = RoomSealer.perRecipient(me, nick, messages);
    this.sealer = groups == null ? perRecipient : new GroupRooms(me, nick, groups, perRecipient);
    this.store = store;
    List<SendQueue.Pending> earlier = new ArrayList<>();
    for (OutboxStore.Entry e : store.entries(nick)) {
      earlier.add(new SendQueue.Pending(e.id(), e.room(), e.line() ? EARLIER : null, e.frame()));
    }
    queue.restore(earlier);
    if (!earlier.isEmpty()) {
      long lines = earlier.stream().filter(p -> p.line() != null).count();
      out.notice(lines + (lines == 1 ? " message" : " messages") + " not acked in the last run are sent again first");
    }
  }

  /** How a warning names a line kept from the last run: its text was never written down. */
  static final String EARLIER = "(a message from the last run)";

  /** From any thread; waits for room in the queue while connected, reports a full one offline. */
  boolean submit(SendQueue.Outgoing o, boolean connected, boolean everReady) throws InterruptedException {
    if (!queue.tryReserve()) {
      if (!connected) {
        out.warn("not sent (offline and " + queue.limit() + " lines already queued): " + o.line());
        return true;
      }
      queue.reserve();
    }
    session.context().runOnContext(v -> {
      if (!live && everReady && !toldQueued) {
        toldQueued = true;
        out.notice("offline: queued until reconnected");
      }
      queue.add(o);
      pump();
    });
    return true;
  }

  void join(String room, boolean focus) {
    joining.put(room, focus);
    session.send(new Frame.Join(room));
  }

  /** The welcome for a join arrived; true when the user asked for it (so it gets the focus). */
  boolean joined(String room) {
    Boolean focus = joining.remove(room);
    if (focus != null) {
      resend(room);
    }
    return Boolean.TRUE.equals(focus);
  }

  boolean isJoining(String room) { return joining.containsKey(room); }

  /** An error about {@code room}: true when it answered our join. */
  boolean joinRefused(String room) {
    boolean was = joining.remove(room) != null;
    if (was) {
      pump();
    }
    return was;
  }

  /**
   * After ready: every frame not yet acked in {@code memberOf} goes again, byte for byte, oldest
   * first; those of a room we join again go after its welcome ({@link #joined}).
   */
  void resend(java.util.Collection<String> memberOf) {
    live = true;
    toldQueued = false;
    for (SendQueue.Pending p : queue.toResend()) {
      if (notDurable.contains(p.id())) {
        continue; // goes once on disk (durable)
      } else if (memberOf.contains(p.room())) {
        session.sendEncoded(p.bytes());
      } else if (client.roomState(p.room()) == null && !joining.containsKey(p.room())) {
        queue.settled(p.id());
        store.remove(nick, p.id());
        if (p.line() != null) {
          out.warn(p.room(), "not sent (no longer in " + p.room() + "): " + p.line());
        }
      }
    }
  }

  private void resend(String room) {
    for (SendQueue.Pending p : queue.toResend()) {
      if (room.equals(p.room()) && !notDurable.contains(p.id())) {
        session.sendEncoded(p.bytes());
      }
    }
  }

  void disconnected() {
    live = false;
    joining.clear(); // a join not answered is asked again by the user; ready tells what we are in
  }

  void acked(Frame.Ack a) {
    SendQueue.Pending p = queue.settled(a.id());
    store.remove(nick, a.id());
    List<String> missing = new ArrayList<>();
    a.missing().stream().filter(n -> !n.equals(nick)).forEach(n -> missing.add(Shown.nick(n)));
    if (p != null && !missing.isEmpty()) {
      out.warn(p.room(), "not delivered to " + String.join(", ", missing) + " (not a member of " + p.room() + ")");
    }
    checkDrained();
  }

  void refused(String id, String text) {
    SendQueue.Pending p = queue.settled(id);
    store.remove(nick, id);
    out.warn(p == null ? null : p.room(), "not sent (" + text + ")" + (p == null || p.line() == null ? "" : ": " + p.line()));
    checkDrained();
  }

  List<String> dropRoom(String room) {
    queue.toResend().stream().filter(p -> room.equals(p.room())).forEach(p -> store.remove(nick, p.id()));
    List<String> lines = queue.dropRoom(room);
    joining.remove(room);
    checkDrained();
    return lines;
  }

  /** Sends queued lines while connected, one seal at a time, in the order typed. */
  void pump() {
    while (live || closing) {
      SendQueue.Outgoing o = live ? queue.next(this::canSend) : queue.nextWhere(this::canKeep);
      if (o == null) {
        break;
      }
      send(o);
    }
    checkDrained();
    if (closing && !queue.isSealing() && stopped != null) {
      finishStop();
    }
  }

  /** At exit: a message line is sealed for the outbox if its room's members are known. */
  private boolean canKeep(SendQueue.Outgoing o) {
    if (o.command() instanceof Command.Msg) {
      return true; // sealPrivate finds the nick in a known roster, or says it is not sent
    }
    V2Room r = client.roomState(o.room());
    return o.room() != null && r != null && r.everWelcomed;
  }

  /** A room line waits for its room's welcome (or its join's answer); commands only for ready. */
  private boolean canSend(String room) {
    if (room == null) {
      return true;
    }
    V2Room r = client.roomState(room);
    return r != null ? r.welcomed : !joining.containsKey(room);
  }

  private void send(SendQueue.Outgoing o) {
    Command c = o.command();
    if (c instanceof Command.Say s) {
      sealForRoom(o, new Payload(s.text(), false, false));
      return;
    } else if (c instanceof Command.Me m) {
      sealForRoom(o, new Payload(m.text(), true, false));
      return;
    } else if (c instanceof Command.Msg m) {
      sealPrivate(o, m);
      return;
    } else if (c instanceof Command.JoinRoom j) {
      if (client.roomState(j.room()) != null) {
        client.focus(j.room());
        out.notice(j.room(), "already in " + j.room() + "; it is now the current room");
      } else {
        join(j.room(), true);
      }
    } else if (c instanceof Command.Part p) {
      if (client.roomState(p.room()) == null) {
        out.warn(p.room(), "not a member of " + p.room());
      } else {
        session.send(new Frame.Part(p.room()));
      }
    } else if (c instanceof Command.Rooms) {
      session.send(new Frame.RoomsRequest());
    }
    queue.sealed(List.of());
  }

  private void sealForRoom(SendQueue.Outgoing o, Payload p) {
    V2Room room = client.roomState(o.room());
    if (room == null) {
      out.warn(o.room(), "not sent (you are not in " + o.room() + "; /join " + o.room() + " first): " + o.line());
      queue.sealed(List.of());
      return;
    }
    int unpinned = 0;
    for (Roster.Member m : room.roster.all()) {
      if (m.state() == TrustStore.State.UNPINNED) {
        unpinned++;
      } else if (!m.trusted()) {
        out.warn(room.name, "not encrypting to " + m.nick() + ": keys changed and not trusted");
      }
    }
    if (unpinned > 0) {
      out.warn(room.name, "not encrypting to " + unpinned + " new members not yet pinned (too many new nicks at once)");
    }
    Map<String, PublicKey> to = room.roster.trustedRecipients();
    if (to.isEmpty() && room.roster.size() > 0) {
      out.warn(room.name, "not sent (no member of " + room.name + " can be encrypted to: keys changed or not pinned): " + o.line());
      queue.sealed(List.of());
      return;
    }
    if (to.isEmpty()) {
      // a frame names at least one recipient: ourselves, whom the relay counts as missing
      to = Map.of(nick, me.rsa().getPublic());
      out.notice(room.name, "you are the only member of " + room.name + ": sent, and stored for no one");
    }
    Map<String, PublicKey> recipients = to;
    RoomMembers members = RoomMembers.of(room.roster);
    String name = room.name;
    // RSA per recipient is CPU work: off the event loop, ordered so sends keep their order.
    vertx.executeBlocking(() -> sealer.seal(name, p, members, recipients), true)
        .onComplete(ar -> sealed(o, name, p, null, ar.failed() ? null : ar.result(), ar.cause()));
  }

  private void sealPrivate(SendQueue.Outgoing o, Command.Msg m) {
    V2Room room = client.roomState(client.room());
    if (room == null || !room.roster.contains(m.nick())) {
      room = null;
      for (String name : client.rooms()) {
        V2Room r = client.roomState(name);
        if (room == null && r != null && r.roster.contains(m.nick())) {
          room = r;
        }
      }
    }
    Roster.Member to = room == null ? null : room.roster.get(m.nick());
    if (to == null || !to.trusted()) {
      out.warn("not sent: " + m.nick() + (to == null ? " is not a member of any of your rooms"
          : to.state() == TrustStore.State.UNPINNED ? " is new and not pinned yet (too many new nicks at once)"
          : "'s keys changed; compare /fp " + m.nick() + " out of band, then /trust " + m.nick() + " FINGERPRINT")
          + ": " + o.line());
      queue.sealed(List.of());
      return;
    }
    Payload p = new Payload(m.text(), false, true);
    String name = room.name;
    PublicKey key = to.keys().encKey();
    vertx.executeBlocking(() -> List.<Frame>of(messages.seal(me, nick, name, p.encode(), Map.of(m.nick(), key))), true)
        .onComplete(ar -> sealed(o, name, p, m.nick(), ar.failed() ? null : ar.result(), ar.cause()));
  }

  /** Sealed frames become pending (sent now if connected, else at the next ready) and are echoed. */
  private void sealed(SendQueue.Outgoing o, String room, Payload p, String peer, List<Frame> frames, Throwable failure) {
    if (frames == null) {
      out.warn(room, "not sent (could not encrypt: " + (failure == null ? "?" : failure.getMessage()) + "): " + o.line());
      queue.sealed(List.of());
      pump();
      return;
    }
    List<SendQueue.Pending> pending = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      Frame f = frames.get(i);
      pending.add(new SendQueue.Pending(RoomSealer.idOf(f), room, i == frames.size() - 1 ? o.line() : null,
          FrameCodec.encode(f)));
    }
    int largest = pending.stream().mapToInt(x -> x.bytes().length + 1).max().orElse(0);
    boolean tooLarge = largest > RELAY_FRAME_LIMIT;
    if (tooLarge) {
      // the relay would answer frame_too_large and close; resending it after every reconnect would loop forever
      out.warn(room, "not sent (encrypted it is " + largest + " bytes, over the relay's 1 MiB frame limit: a shorter line or a smaller room): " + o.line());
      // the sender keys sealed with the line still go: the next line is encrypted under them
      pending = new ArrayList<>(pending.stream().filter(x -> x.line() == null && x.bytes().length + 1 <= RELAY_FRAME_LIMIT).toList());
      if (pending.isEmpty()) {
        queue.sealed(List.of());
        pump();
        return;
      }
    }
    queue.sealed(pending);
    List<OutboxStore.Entry> entries = new ArrayList<>();
    for (SendQueue.Pending x : pending) {
      notDurable.add(x.id());
      entries.add(new OutboxStore.Entry(nick, x.room(), x.id(), x.line() != null, x.bytes()));
    }
    List<SendQueue.Pending> sending = pending;
    store.add(entries).whenComplete((v, e) -> session.context().runOnContext(d -> durable(sending)));
    if (tooLarge) {
      pump();
      return;
    }
    Frame last = frames.get(frames.size() - 1);
    long sent = last instanceof Frame.Message msg ? msg.sent()
        : last instanceof Frame.GroupMessage g ? g.sent() : System.currentTimeMillis();
    String echo = peer != null ? "[private to " + peer + "] " + nick + ": " + Shown.text(p.text()) : Display.format(nick, p);
    out.message(new ShownMessage(room, nick, Shown.text(p.text()), p.action(), peer != null, peer, 0, sent,
        RoomSealer.idOf(last), true, false), echo);
    pump();
  }

  /** On disk (or the outbox said why not): sent now if connected, else at the next ready. */
  private void durable(List<SendQueue.Pending> frames) {
    for (SendQueue.Pending x : frames) {
      notDurable.remove(x.id());
      if (live && queue.pending(x.id()) != null) {
        session.sendEncoded(x.bytes());
      }
    }
  }

  CompletableFuture<Boolean> drain(long timeoutMs) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    session.context().runOnContext(v -> {
      drained = done;
      long timer = vertx.setTimer(timeoutMs, t -> done.complete(false));
      done.whenComplete((ok, e) -> vertx.cancelTimer(timer));
      checkDrained();
    });
    return done;
  }

  /**
   * Seals what is still queued (to the members last known) so the outbox keeps it, reports
   * every line that did not make it, sends quit and closes; completes with their count.
   */
  CompletableFuture<Integer> stop() {
    CompletableFuture<Integer> unsent = new CompletableFuture<>();
    session.context().runOnContext(v -> {
      live = false;
      closing = true;
      stopped = unsent;
      pump();
    });
    return unsent;
  }

  private void finishStop() {
    CompletableFuture<Integer> done = stopped;
    stopped = null;
    closing = false;
    List<String> kept = new ArrayList<>();
    queue.toResend().forEach(p -> { if (p.line() != null) kept.add(p.line()); });
    List<String> unsent = queue.unsent(); // pending first: the kept ones, then the queued
    List<String> discarded = unsent.subList(kept.size(), unsent.size());
    for (String line : kept) {
      out.warn("not sent yet, kept in the outbox for the next start: " + line);
    }
    for (String line : discarded) {
      out.warn("not sent: " + line);
    }
    if (!discarded.isEmpty()) {
      out.warn(discarded.size() + (discarded.size() == 1 ? " typed line is" : " typed lines are")
          + " discarded: never sealed (this run did not know their room's members), and typed text is never written to disk");
    }
    int count = kept.size() + discarded.size();
    session.stop().onComplete(ar -> done.complete(count));
  }

  private void checkDrained() {
    if (drained != null && queue.isDrained()) {
      drained.complete(true);
    }
  }
}
