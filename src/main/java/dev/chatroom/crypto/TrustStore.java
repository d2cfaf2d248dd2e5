package dev.chatroom.crypto;

import dev.chatroom.protocol.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trust on first use: {@code known_peers} in the identity folder pins each nick's fingerprint,
 * one line {@code nick fingerprint-hex state}. A changed key fails closed until the user trusts
 * it. Thread-safe within one process.
 */
public final class TrustStore {
  public static final String FILE = "known_peers";

  /** What a sighting of a peer's keys means. */
  public enum State {
    /** First sight: pinned now, trusted but unverified. */
    NEW,
    /** Matches the pin, which the user has not verified. */
    KNOWN,
    /** Matches a pin the user confirmed out of band. */
    VERIFIED,
    /** Differs from the pin: do not trust until the user decides. */
    CHANGED
  }

  /** {@code pinned} is the fingerprint on file (after the check); {@code seen} the one offered. */
  public record Check(String nick, State state, Fingerprint pinned, Fingerprint seen) {
    public boolean trusted() {
      return state != State.CHANGED;
    }
  }

  private record Pin(Fingerprint fingerprint, boolean verified) {}

  private final Path file;
  private final Map<String, Pin> pins;

  private TrustStore(Path file, Map<String, Pin> pins) {
    this.file = file;
    this.pins = pins;
  }

  /** Reads {@code known_peers} in {@code identityDir}; a missing file is an empty store. */
  public static TrustStore open(Path identityDir) throws CryptoException {
    Path file = identityDir.resolve(FILE);
    Map<String, Pin> pins = new TreeMap<>(SigningInput.BYTE_ORDER);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new TrustStore(file, pins);
    } catch (IOException e) {
      throw new CryptoException(file + " cannot be read: " + e.getMessage(), e);
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
        throw new CryptoException(file + " line " + (i + 1)
            + " is malformed; expected \"nick fingerprint verified|unverified\", once per nick.");
      }
      pins.put(parts[0], new Pin(new Fingerprint(parts[1]), parts[2].equals("verified")));
    }
    return new TrustStore(file, pins);
  }

  /** Compares {@code peer} with its pin; a first sighting is pinned (and saved) now. */
  public synchronized Check check(PeerKeys peer) throws CryptoException {
    Fingerprint seen = peer.fingerprint();
    Pin pin = pins.get(peer.nick());
    if (pin == null) {
      put(peer.nick(), new Pin(seen, false));
      return new Check(peer.nick(), State.NEW, seen, seen);
    }
    if (!pin.fingerprint().equals(seen)) {
      return new Check(peer.nick(), State.CHANGED, pin.fingerprint(), seen);
    }
    return new Check(peer.nick(), pin.verified() ? State.VERIFIED : State.KNOWN, seen, seen);
  }

  /** The user confirmed {@code fingerprint} for {@code nick}: pin it as verified. */
  public synchronized void trust(String nick, Fingerprint fingerprint) throws CryptoException {
    if (!Names.isValidNick(nick)) {
      throw new CryptoException("\"" + nick + "\" is not a valid nick.");
    }
    put(nick, new Pin(fingerprint, true));
  }

  /** Changes memory only if the file could be written, so the two never disagree. */
  private void put(String nick, Pin pin) throws CryptoException {
    Pin old = pins.put(nick, pin);
    try {
      save(nick);
    } catch (CryptoException e) {
      if (old == null) {
        pins.remove(nick);
      } else {
        pins.put(nick, old);
      }
      throw e;
    }
  }

  /** The current pin for {@code nick}, or null. */
  public synchronized Fingerprint pinned(String nick) {
    Pin pin = pins.get(nick);
    return pin == null ? null : pin.fingerprint();
  }

  private void save(String changedNick) throws CryptoException {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Pin> e : pins.entrySet()) {
      out.append(e.getKey()).append(' ').append(e.getValue().fingerprint().hex()).append(' ')
          .append(e.getValue().verified() ? "verified" : "unverified").append('\n');
    }
    try {
      PrivateFiles.writeAtomically(file, out.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CryptoException("Could not save the key of " + changedNick + " to " + file + ": "
          + e.getMessage(), e);
    }
  }

  private static boolean isHex64(String s) {
    return s.length() == 64 && s.equals(s.toLowerCase(Locale.ROOT))
        && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }
}
