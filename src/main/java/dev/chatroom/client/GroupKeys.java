package dev.chatroom.client;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.PeerKeys;
import dev.chatroom.crypto.senderkey.GroupOpener;
import dev.chatroom.crypto.senderkey.GroupRejected;
import dev.chatroom.crypto.senderkey.GroupSealer;
import dev.chatroom.crypto.senderkey.KeyDistribution;
import dev.chatroom.crypto.senderkey.MissingKeys;
import dev.chatroom.crypto.senderkey.RotationPolicy;
import dev.chatroom.crypto.senderkey.SenderChain;
import dev.chatroom.crypto.senderkey.SenderKeyState;
import dev.chatroom.crypto.senderkey.SenderKeyStore;
import dev.chatroom.protocol.Frame;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One identity's sender-key state (PROTOCOL.md section 12) behind one lock: my epochs and the
 * chains others gave me, persisted in the identity folder by {@link SenderKeyStore} (encrypted
 * with the identity's passphrase when it has one). My state is saved before any frame sealed
 * under it leaves (an index is never used twice, even across a crash); what others' frames
 * changed is saved at most every {@value #SAVE_DELAY_MS} ms off the caller's thread, and at close.
 */
public final class GroupKeys implements AutoCloseable {
  static final long SAVE_DELAY_MS = 250;

  private final SenderKeyStore store;
  private final SenderKeyState state;
  private final Clock clock;
  private final RotationPolicy policy;
  private final GroupSealer sealer;
  private final MissingKeys missing = new MissingKeys();
  private final GroupOpener opener;
  /** The last epoch seen per (room, sender) in a group message, opened or not: for /who. */
  private final Map<String, String> lastSeen = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > MissingKeys.MAX_TRACKED;
    }
  };
  private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sender-key saver");
    t.setDaemon(true);
    return t;
  });
  private volatile Consumer<String> onFailure = s -> { };
  private boolean savePending;
  private boolean dirty;

  private GroupKeys(SenderKeyStore store, SenderKeyState state, Clock clock) {
    this.store = store;
    this.state = state;
    this.clock = clock;
    this.policy = new RotationPolicy(clock);
    this.sealer = new GroupSealer(clock);
    this.opener = new GroupOpener(state.others(), missing, clock);
  }

  /**
   * Loads the state of the identity in {@code identityDir}; {@code passphrase} (null: none) is
   * the identity's, not kept. A damaged or foreign file is refused whole with one sentence.
   */
  public static GroupKeys open(Path identityDir, char[] passphrase) throws CryptoException {
    return open(identityDir, passphrase, Clock.systemUTC());
  }

  /** With a chosen clock, for the 7-day rotation in tests. */
  static GroupKeys open(Path identityDir, char[] passphrase, Clock clock) throws CryptoException {
    SenderKeyStore store = SenderKeyStore.open(identityDir, passphrase);
    return new GroupKeys(store, store.load(), clock);
  }

  /** Where a failed background save is reported, as one sentence. */
  public void onFailure(Consumer<String> listener) { onFailure = listener; }

  // ---- sending

  /**
   * My frames for one line in {@code room}: a new epoch first if the rules want one, a
   * {@code sender_key} for every trusted member not yet holding the epoch, then the group
   * message; saved before they are returned.
   */
  synchronized List<Frame> seal(Identity me, String nick, String room, Payload payload, RoomMembers members)
      throws CryptoException {
    SenderChain chain = state.mine().get(room).orElse(null);
    if (policy.reason(chain == null ? null : chain.facts(), members.byNick()).isPresent()) {
      chain = state.mine().rotate(room, clock);
    }
    List<PeerKeys> need = KeyDistribution.needingKey(chain.facts(), members.views(), nick);
    List<Frame> frames = new ArrayList<>();
    if (!need.isEmpty()) {
      frames.addAll(sealer.distribute(me, nick, chain, need));
    }
    frames.add(sealer.seal(me, nick, chain, payload));
    store.save(state); // before any of it leaves: a crash after sending never reuses the index
    dirty = false;
    return frames;
  }

  /** A {@code left} or {@code parted} of someone else: a holder's departure forces a new epoch. */
  synchronized void departed(String room, String nick) {
    state.mine().memberDeparted(room, nick);
    saveSoon();
  }

  /** I parted {@code room}: nothing more is sealed under its epoch. */
  synchronized void forgetRoom(String room) {
    state.mine().remove(room);
    saveSoon();
  }

  // ---- receiving

  /** Verifies and stores a received chain; see {@link GroupOpener#accept}. */
  synchronized void accept(Frame.SenderKey k, PublicKey sigKey, String myNick, PrivateKey myRsa)
      throws GroupRejected {
    opener.accept(k, sigKey, myNick, myRsa);
    saveSoon();
  }

  /** Verifies and opens a group message, its message key deleted; see {@link GroupOpener#open}. */
  synchronized byte[] open(Frame.GroupMessage g, PublicKey sigKey) throws GroupRejected {
    lastSeen.put(g.room() + " " + g.from(), g.epoch()); // valid names hold no space
    try {
      return opener.open(g, sigKey);
    } finally {
      saveSoon();
    }
  }

  /** One warning per (room, sender, epoch) whose key never arrived, not shown before. */
  synchronized List<MissingKeys.Warning> takeWarnings() { return missing.takeWarnings(); }

  /**
   * Whether I hold {@code from}'s current chain in {@code room}: the epoch of their last group
   * message if I saw one, else any; empty when they never gave me one.
   */
  synchronized Optional<Boolean> holdsCurrent(String room, String from) {
    String seen = lastSeen.get(room + " " + from);
    if (seen != null) {
      return Optional.of(state.others().holds(room, from, seen));
    }
    return state.others().newestEpoch(room, from).map(e -> true);
  }

  // ---- persistence

  private void saveSoon() {
    dirty = true;
    if (!savePending) {
      savePending = true;
      saver.schedule(this::saveIfDirty, SAVE_DELAY_MS, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void saveIfDirty() {
    savePending = false;
    if (!dirty) {
      return;
    }
    try {
      store.save(state);
      dirty = false;
    } catch (CryptoException e) {
      onFailure.accept(e.getMessage());
    }
  }

  /** Writes what is pending now (before a planned exit). */
  public void flush() {
    try {
      saver.submit(this::saveIfDirty).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      saveIfDirty(); // the saver is gone (shutting down): write from here
    }
  }

  @Override
  public void close() {
    flush();
    saver.shutdownNow();
  }
}
