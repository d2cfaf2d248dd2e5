package dev.chatroom.client;

import dev.chatroom.crypto.AuthChallenge;
import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageOpener;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.SeqStore;
import dev.chatroom.crypto.TrustStore;
import dev.chatroom.protocol.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Protocol version 2 (PROTOCOL.md sections 8-11), the default: challenge and auth, many rooms
 * at once with a current one, per room the highest processed seq persisted and sent as
 * {@code since} (deliveries at or below it are ignored), catch-up until {@code synced}, and
 * frames resent unchanged after a reconnect until acked ({@link V2Outbox}). Everything but
 * {@link #submit}, {@link #focus} and the getters runs on the session's event loop.
 */
final class V2Client implements ClientCore, LocalCommands.Context {
  private final Identity me;
  private final String nick;
  private final ChatSession session;
  private final Output out;
  private final boolean bell;
  private final TrustStore trust;
  private final SeqStore seqs;
  private final Receiver receiver;
  private final LocalCommands local;
  private final V2Outbox outbox;
  /** The rooms to be in: the --room ones, plus those joined, minus those parted, in this run. */
  private final java.util.Set<String> wanted = new java.util.LinkedHashSet<>();
  private final Roster nobody;
  /** Concurrent: the UI reads the current room's roster from its own thread. */
  private final ConcurrentSkipListMap<String, V2Room> rooms = new ConcurrentSkipListMap<>();
  private final EarlyDeliveries early = new EarlyDeliveries();
  private final CompletableFuture<String> fatal = new CompletableFuture<>();
  private volatile List<String> roomNames = List.of();
  private volatile String current;
  private volatile boolean live;
  private volatile int fatalCode = 1;
  private volatile boolean everReady;
  /** Null only when the client runs without sender keys (every room line a message). */
  private final GroupKeys groupKeys;
  private final SenderKeyDelivery groups;

  V2Client(io.vertx.core.Vertx vertx, ChatSession session, Identity me, String nick, List<String> wanted,
           TrustStore trust, MessageOpener opener, SeqStore seqs, dev.chatroom.crypto.OutboxStore unacked,
           GroupKeys groupKeys,            Output out, boolean bell) {
    this.session = session;
    this.me = me;
    this.nick = nick;
    this.wanted.addAll(wanted);
    this.current = wanted.isEmpty() ? dev.chatroom.protocol.Names.DEFAULT_ROOM : wanted.get(0);
    this.trust = trust;
    this.seqs = seqs;
    this.out = out;
    this.bell = bell;
    this.nobody = new Roster(trust, out);
    this.receiver = new Receiver(me, nobody, out, opener);
    this.local = new LocalCommands(this, trust, out);
    this.groupKeys = groupKeys;
    this.groups = groupKeys == null ? null : new SenderKeyDelivery(groupKeys, me, nick, out);
    this.outbox = new V2Outbox(vertx, session, me, nick, out, this, unacked, groupKeys);
  }

  // ---- what the UI and the commands read

  @Override
  public void start() { session.context().runOnContext(v -> session.start(this)); }

  @Override
  public String nick() { return nick; }

  @Override
  public String room() { return current; }

  @Override
  public List<String> rooms() { return roomNames; }

  @Override
  public boolean focus(String room) {
    if (room == null || !roomNames.contains(room)) {
      return false;
    }
    current = room;
    return true;
  }

  @Override
  public boolean ready() { return live; }

  @Override
  public Fingerprint fingerprint() { return me.fingerprint(); }

  @Override
  public Roster roster() {
    V2Room r = rooms.get(current);
    return r == null ? nobody : r.roster;
  }

  @Override
  public List<Roster> rosters() {
    List<Roster> all = new ArrayList<>();
    rooms.values().forEach(r -> all.add(r.roster));
    return all;
  }

  @Override
  public CompletableFuture<String> fatal() { return fatal; }

  @Override
  public int fatalExitCode() { return fatalCode; }

  @Override
  public String senderKey(String member) { return groups == null ? null : groups.describe(current, member); }

  V2Room roomState(String name) { return name == null ? null : rooms.get(name); }

  // ---- lines typed

  @Override
  public boolean submit(String inRoom, String line) throws InterruptedException {
    Command parsed = Command.parse(line);
    if (parsed instanceof Command.Quit) {
      return false;
    }
    if (!parsed.needsRelay()) {
      session.context().runOnContext(v -> local.run(parsed));
      return true;
    }
    if (parsed instanceof Command.JoinRoom j && focus(j.room())) {
      // already a member: the focus moves now, so the next line typed goes there too
      session.context().runOnContext(v -> out.notice(j.room(), "already in " + j.room() + "; it is now the current room"));
      return true;
    }
    String room = inRoom != null ? inRoom : current;
    Command c = parsed instanceof Command.Part p && p.room() == null ? new Command.Part(room) : parsed;
    boolean forRoom = c instanceof Command.Say || c instanceof Command.Me;
    return outbox.submit(new SendQueue.Outgoing(forRoom ? room : null, line, c), live, everReady);
  }

  @Override
  public CompletableFuture<Boolean> drain(long timeoutMs) { return outbox.drain(timeoutMs); }

  @Override
  public CompletableFuture<Integer> stop() {
    live = false;
    return outbox.stop();
  }

  // ---- the connection

  @Override
  public void connected(ServerAddress server) {
    SortedMap<String, Long> since = seqs.snapshot();
    session.send(new Frame.Hello(2, nick, null, me.encKey(), me.sigKey(), since.isEmpty() ? null : since));
  }

  @Override
  public void disconnected() {
    live = false;
    for (V2Room r : rooms.values()) {
      r.welcomed = false;
      r.synced = true;
      r.replayed = 0;
    }
    outbox.disconnected();
  }

  @Override
  public void frame(Frame f) {
    if (f instanceof Frame.Challenge c) {
      try {
        session.send(new Frame.Auth(new AuthChallenge(c.nonce()).sign(me, nick)));
      } catch (CryptoException | IllegalArgumentException e) {
        giveUp(1, "could not answer the relay's challenge: " + e.getMessage());
      }
    } else if (f instanceof Frame.Ready r) {
      ready(r);
    } else if (f instanceof Frame.Welcome w) {
      welcome(w);
    } else if (f instanceof Frame.Delivery d) {
      delivery(d);
    } else if (f instanceof Frame.Synced s) {
      synced(s);
    } else if (f instanceof Frame.Ack a) {
      outbox.acked(a);
    } else if (f instanceof Frame.Joined j) {
      joined(j);
    } else if (f instanceof Frame.Left l) {
      V2Room r = roomState(l.room());
      if (r != null && r.roster.contains(l.nick())) {
        r.roster.left(l.nick());
        if (groupKeys != null) {
          groupKeys.departed(r.name, l.nick()); // my next line there starts an epoch they cannot read
        }
        out.notice(r.name, Shown.nick(l.nick()) + " left");
      }
    } else if (f instanceof Frame.Presence p) {
      V2Room r = roomState(p.room());
      if (r != null && r.roster.presence(p.nick(), p.online())) {
        out.notice(r.name, Shown.nick(p.nick()) + (p.online() ? " is online" : " is away"));
      }
    } else if (f instanceof Frame.Parted p) {
      parted(p.room());
    } else if (f instanceof Frame.RoomList r) {
      roomList(r);
    } else if (f instanceof Frame.Error e) {
      error(e);
    } else if (f instanceof Frame.Message m) {
      out.warn("dropped a message from " + Shown.nick(m.from()) + ": not inside a delivery (a version 2 relay never sends that)");
    }
  }

  private void ready(Frame.Ready r) {
    live = true;
    early.clear();
    session.established();
    for (String gone : new ArrayList<>(rooms.keySet())) {
      if (!r.rooms().contains(gone) && !wanted.contains(gone)) {
        forget(gone, "the relay says you are no longer a member of " + gone);
      }
    }
    for (String name : r.rooms()) {
      rooms.computeIfAbsent(name, n -> new V2Room(n, new Roster(trust, out))).synced = false;
    }
    if (wanted.isEmpty() && !everReady) {
      // no --room: stay in the rooms we are in, or start in lobby when there are none
      if (r.rooms().isEmpty()) {
        wanted.add(dev.chatroom.protocol.Names.DEFAULT_ROOM);
      } else {
        current = r.rooms().get(0);
      }
    }
    java.util.Set<String> keep = new java.util.HashSet<>(r.rooms());
    keep.addAll(wanted);
    seqs.retain(keep);
    for (String w : wanted) {
      if (!r.rooms().contains(w)) {
        if (rooms.containsKey(w)) {
          out.notice(w, "the relay no longer lists you in " + w + " (was its store reset?); joining it again");
        }
        outbox.join(w, false); // a room we are still in locally keeps its seq: a lower welcome says history was lost
      }
    }
    publishRooms();
    everReady = true;
    outbox.resend(r.rooms());
    outbox.pump();
  }

  private void welcome(Frame.Welcome w) {
    V2Room r = rooms.get(w.room());
    boolean fresh = r == null;
    if (fresh) {
      r = new V2Room(w.room(), new Roster(trust, out));
      rooms.put(w.room(), r);
      publishRooms();
    }
    r.roster.reset(w.members());
    long since = seqs.get(w.room());
    if (!fresh && w.seq() != null && w.seq() < since) {
      out.warn(r.name, "the relay has lost the history of " + r.name + " after seq " + w.seq()
          + " (restored from an older backup?): messages after that may be missing; going on from there");
      seqs.reset(w.room(), w.seq());
    }
    r.welcomed = true;
    wanted.add(r.name);
    List<String> here = new ArrayList<>();
    for (String n : r.roster.nicks()) {
      here.add(Shown.nick(n) + (Boolean.FALSE.equals(r.roster.online(n)) ? " (away)" : ""));
    }
    if (outbox.joined(w.room()) || !roomNames.contains(current) && !outbox.isJoining(current)) {
      current = w.room(); // the user's /join, or our first room: before the notice, so a line typed on seeing it goes here
    }
    out.notice(r.name, (r.everWelcomed ? "rejoined " : "joined ") + r.name + " as " + nick + "; "
        + (here.isEmpty() ? "nobody else is here" : "here: " + String.join(", ", here)));
    r.everWelcomed = true;
    early.take(w.room()).forEach(this::delivery);
    outbox.pump();
  }

  private void delivery(Frame.Delivery d) {
    V2Room r = roomState(d.room());
    if (r == null) {
      if (!outbox.isJoining(d.room()) || !early.hold(d)) {
        out.warn("ignored a delivery for " + Shown.room(d.room()) + ", which you are not a member of");
      }
      return;
    }
    if (d.seq() <= seqs.get(r.name)) {
      return; // processed before (a relay restored from a backup, or a resend of ours): never twice
    }
    if (d.frame() instanceof Frame.Message m) {
      Payload opened = receiver.open(m, nick, r.name, r.roster, MessageOpener.Carrier.IN_DELIVERY);
      show(r, d.seq(), m.from(), m.sent(), m.id(), opened == null ? null : Display.honest(opened, m.encryptedKeys().size()));
    } else if (d.frame() instanceof Frame.SenderKey k && groups != null) {
      groups.senderKey(r.name, r.roster, k);
    } else if (d.frame() instanceof Frame.GroupMessage g && groups != null) {
      show(r, d.seq(), g.from(), g.sent(), g.id(), groups.open(r.name, r.roster, g, r.synced));
    }
    seqs.advance(r.name, d.seq());
    if (!r.synced && !(d.frame() instanceof Frame.SenderKey)) { // a key is no message to count
      r.replayed++;
      out.catchUp(r.name, r.replayed, false);
    }
  }

  /** An opened message ({@code p} null: it was dropped, and that said). */
  private void show(V2Room r, long seq, String from, long sent, String id, Payload p) {
    if (p == null) {
      return;
    }
    out.message(new ShownMessage(r.name, Shown.nick(from), Shown.text(p.text()), p.action(), p.isPrivate(),
        p.isPrivate() ? from : null, seq, sent, id, false, !r.synced), Display.format(from, p));
    if (bell && (p.isPrivate() || Display.mentions(p.text(), nick))) {
      out.bell();
    }
  }

  private void synced(Frame.Synced s) {
    V2Room r = roomState(s.room());
    if (r == null || r.synced) {
      return;
    }
    seqs.advance(r.name, s.seq());
    r.synced = true;
    out.catchUp(r.name, r.replayed, true);
    if (groups != null) {
      groups.showWarnings(); // what could not be opened in the catch-up, once per sender and epoch
    }
  }

  private void joined(Frame.Joined j) {
    V2Room r = roomState(j.room());
    if (r == null) {
      return;
    }
    Roster.Member m = r.roster.joined(j);
    if (m.state() == TrustStore.State.UNPINNED) {
      return; // a pin flood: one warning covers every nick in it
    }
    out.notice(r.name, Shown.nick(j.nick()) + " joined" + (m.keys() == null ? ""
        : " (" + m.keys().fingerprint().shortForm() + ", " + LocalCommands.describe(m.state()) + ")"));
  }

  private void parted(String room) {
    wanted.remove(room);
    if (rooms.containsKey(room)) {
      forget(room, "left " + room);
    }
  }

  /** We are no longer a member: its lines cannot go, its seq is forgotten. */
  private void forget(String room, String why) {
    rooms.remove(room);
    if (groupKeys != null) {
      groupKeys.forgetRoom(room);
    }
    seqs.remove(room);
    for (String line : outbox.dropRoom(room)) {
      out.warn(room, "not sent (no longer in " + room + "): " + line);
    }
    out.notice(room, why);
    publishRooms();
    if (room.equals(current) && !roomNames.isEmpty()) {
      current = roomNames.get(0);
    }
  }

  private void roomList(Frame.RoomList r) {
    List<List<String>> rows = new ArrayList<>();
    for (Frame.RoomInfo i : r.rooms()) {
      rows.add(List.of("  " + Shown.room(i.room()), String.valueOf(i.members()),
          rooms.containsKey(i.room()) ? (i.room().equals(current) ? "yours, current" : "yours") : ""));
    }
    out.notice(r.rooms().isEmpty() ? "no rooms have members" : "rooms:\n" + Display.table(rows));
  }

  private void error(Frame.Error e) {
    String code = e.code();
    String text = Shown.errorCode(code) + ": " + Shown.text(e.message());
    if ("replaced".equals(code)) {
      giveUp(1, "the relay closed this connection because your identity connected again from another"
          + " client (replaced); stop the other one, or use another identity, to chat from here");
    } else if (!live && "unsupported_version".equals(code)) {
      giveUp(2, "the relay does not speak protocol version 2; run again with --protocol 1 to chat through it");
    } else if ("nick_registered".equals(code)) {
      giveUp(2, "the nick " + nick + " is registered on this relay to another identity; use that identity"
          + " (--identity DIR) or choose another nick");
    } else if ("bad_auth".equals(code)) {
      giveUp(1, "the relay did not accept our answer to its challenge (" + text + ")");
    } else if (e.id() != null) {
      outbox.refused(e.id(), text);
    } else if (e.room() != null && outbox.joinRefused(e.room())) {
      early.take(e.room());
      out.warn(e.room(), "cannot join " + Shown.room(e.room()) + " (" + text + ")");
    } else if (!live && "server_full".equals(code)) {
      out.notice("the relay says " + text + "; will retry");
      session.retryLater();
    } else if (!live) {
      giveUp(1, "the relay refused to let us in: " + text);
    } else {
      out.warn(e.room(), "relay error " + text);
    }
  }

  /** For good: no reconnect, so two clients of one identity cannot take turns replacing each other. */
  private void giveUp(int exitCode, String sentence) {
    fatalCode = exitCode;
    live = false;
    session.halt();
    fatal.complete(sentence);
  }

  private void publishRooms() {
    roomNames = List.copyOf(rooms.keySet());
    out.rooms(roomNames);
  }
}
