package dev.chatroom.crypto;

import dev.chatroom.protocol.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Trust on first use: {@code known_peers} in the identity folder pins each nick's fingerprint,
 * one line {@code nick fingerprint-hex state}. A changed key fails closed until the user trusts
 * it. At most {@value #PINS_PER_MINUTE} new nicks are pinned a minute (a relay inventing nicks
 * gets the rest {@link State#UNPINNED}), a third of them only for nicks that send; pins are
 * saved off the caller's thread, many in one write, merged under a lock with what another
 * process on the same folder saved. Thread-safe.
 */
public final class TrustStore implements AutoCloseable {
  public static final String FILE = "known_peers";
  /** New pins allowed per minute, and as a burst: a busy room's first join, not a flood. */
  public static final int PINS_PER_MINUTE = 30;
  static final String LOCK = ".known_peers.lock";
  static final long BATCH_MS = 200;

  /** What a sighting of a peer's keys means. */
  public enum State {
    /** First sight: pinned now, trusted but unverified. */
    NEW,
    /** Matches the pin, which the user has not verified. */
    KNOWN,
    /** Matches a pin the user confirmed out of band. */
    VERIFIED,
    /** Differs from the pin: do not trust until the user decides. */
    CHANGED,
    /** First sight beyond the pin rate: not pinned, shown or encrypted to; ask again later. */
    UNPINNED
  }

  /** {@code pinned} is the fingerprint on file (after the check, null if none); {@code seen} the one offered. */
  public record Check(String nick, State state, Fingerprint pinned, Fingerprint seen) {
    public boolean trusted() {
      return state != State.CHANGED && state != State.UNPINNED;
    }
  }

  private record Pin(Fingerprint fingerprint, boolean verified) {}

  private final Path dir;
  private final Clock clock;
  private final int perMinute;
  private final Map<String, Pin> pins;
  /** Pins made here and not yet written: what a save merges into the file. */
  private final Map<String, Pin> unsaved = new LinkedHashMap<>();
  private final BatchedWriter writer;
  private double tokens;
  private long refilledAt;

  private TrustStore(Path dir, Map<String, Pin> pins, Clock clock, int perMinute) {
    this.dir = dir;
    this.pins = pins;
    this.clock = clock;
    this.perMinute = perMinute;
    this.tokens = perMinute;
    this.refilledAt = clock.millis();
    this.writer = new BatchedWriter(dir.resolve(FILE).toString(), BATCH_MS, this::save);
  }

  /** Reads {@code known_peers} in {@code identityDir}; a missing file is an empty store. */
  public static TrustStore open(Path identityDir) throws CryptoException {
    return open(identityDir, Clock.systemUTC(), PINS_PER_MINUTE);
  }

  static TrustStore open(Path identityDir, Clock clock, int pinsPerMinute) throws CryptoException {
    try {
      return new TrustStore(identityDir, read(identityDir.resolve(FILE)), clock, pinsPerMinute);
    } catch (IOException e) {
      throw new CryptoException(e.getMessage(), e);
    }
  }

  /** Where a failed background save is reported, as one sentence. */
  public void onSaveFailure(Consumer<String> listener) {
    writer.onFailure(listener);
  }

  /**
   * Compares {@code peer}, seen in a member list, with its pin; a first sighting is pinned now if
   * the rate allows, leaving a third of the tokens for {@link #checkSender}.
   */
  public synchronized Check check(PeerKeys peer) {
    return check(peer, perMinute / 3);
  }

  /**
   * As {@link #check}, for a frame {@code peer} sent (or a member list that {@link #fitsAtOnce}):
   * it may take the tokens a member list leaves, so a big room's silent crowd does not hide the
   * first people who speak.
   */
  public synchronized Check checkSender(PeerKeys peer) {
    return check(peer, 0);
  }

  /**
   * Whether {@code firstSightings} new nicks can all be pinned now, the tokens kept for senders
   * included: a member list that fits (a room of 30 strangers) is pinned whole, one that does
   * not (a room of 1,000) leaves those tokens for whoever speaks first.
   */
  public synchronized boolean fitsAtOnce(int firstSightings) {
    refill();
    return tokens >= firstSightings;
  }

  private Check check(PeerKeys peer, int tokensToLeave) {
    Fingerprint seen = peer.fingerprint();
    Pin pin = pins.get(peer.nick());
    if (pin == null) {
      if (!takeToken(tokensToLeave)) {
        return new Check(peer.nick(), State.UNPINNED, null, seen);
      }
      put(peer.nick(), new Pin(seen, false));
      return new Check(peer.nick(), State.NEW, seen, seen);
    }
    if (!pin.fingerprint().equals(seen)) {
      return new Check(peer.nick(), State.CHANGED, pin.fingerprint(), seen);
    }
    return new Check(peer.nick(), pin.verified() ? State.VERIFIED : State.KNOWN, seen, seen);
  }

  /** The user confirmed {@code fingerprint} for {@code nick}: pin it as verified (no rate). */
  public synchronized void trust(String nick, Fingerprint fingerprint) throws CryptoException {
    if (!Names.isValidNick(nick)) {
      throw new CryptoException("\"" + nick + "\" is not a valid nick.");
    }
    put(nick, new Pin(fingerprint, true));
  }

  /** The current pin for {@code nick}, or null. */
  public synchronized Fingerprint pinned(String nick) {
    Pin pin = pins.get(nick);
    return pin == null ? null : pin.fingerprint();
  }

  /** Writes the pending pins now and waits (tests, and before a planned exit). */
  public void flush() throws IOException {
    writer.flush();
  }

  int writes() {
    return writer.writes();
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  private void put(String nick, Pin pin) {
    pins.put(nick, pin);
    unsaved.put(nick, pin);
    writer.request();
  }

  /** A token bucket: {@code perMinute} a minute, up to {@code perMinute} at once. */
  private boolean takeToken(int tokensToLeave) {
    refill();
    if (tokens < 1 + tokensToLeave) {
      return false;
    }
    tokens--;
    return true;
  }

  private void refill() {
    long now = clock.millis();
    tokens = Math.min(perMinute, tokens + (now - refilledAt) * perMinute / 60_000.0);
    refilledAt = now;
  }

  /**
   * Re-reads the file under the folder's lock and writes it with our new pins merged in, so
   * another process's pins survive. On a clash the file's pin wins unless ours is verified: the
   * first sighting stays the pin, and our member turns CHANGED at its next sighting.
   */
  private void save() throws IOException {
    Map<String, Pin> mine;
    synchronized (this) {
      mine = new LinkedHashMap<>(unsaved);
    }
    Map<String, Pin> merged = PrivateFiles.withLock(dir, LOCK, () -> {
      Map<String, Pin> onDisk = read(dir.resolve(FILE));
      mine.forEach((nick, pin) -> {
        if (pin.verified() || !onDisk.containsKey(nick)) {
          onDisk.put(nick, pin);
        }
      });
      PrivateFiles.writeAtomically(dir.resolve(FILE), format(onDisk));
      return onDisk;
    });
    synchronized (this) {
      mine.forEach(unsaved::remove); // pins made since the snapshot stay unsaved
      merged.forEach((nick, pin) -> {
        if (!unsaved.containsKey(nick)) {
          pins.put(nick, pin);
        }
      });
    }
  }

  private static byte[] format(Map<String, Pin> pins) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Pin> e : pins.entrySet()) {
      out.append(e.getKey()).append(' ').append(e.getValue().fingerprint().hex()).append(' ')
          .append(e.getValue().verified() ? "verified" : "unverified").append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, Pin> read(Path file) throws IOException {
    Map<String, Pin> pins = new TreeMap<>(SigningInput.BYTE_ORDER);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return pins;
    } catch (IOException e) {
      throw new IOException(file + " cannot be read: " + e.getMessage(), e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length != 3 || !Names.isValidNick(parts[0]) || !isHex64(parts[1])
          || !(parts[2].equals("verified") || parts[2].equals("unverified"))
          || pins.containsKey(parts[0])) {
        throw new IOException(file + " line " + (i + 1)
            + " is malformed; expected \"nick fingerprint verified|unverified\", once per nick.");
      }
      pins.put(parts[0], new Pin(new Fingerprint(parts[1]), parts[2].equals("verified")));
    }
    return pins;
  }

  private static boolean isHex64(String s) {
    return s.length() == 64 && s.equals(s.toLowerCase(Locale.ROOT))
        && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }
}
