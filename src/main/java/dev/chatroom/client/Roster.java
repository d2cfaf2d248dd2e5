package dev.chatroom.client;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.crypto.PeerKeys;
import dev.chatroom.crypto.TrustStore;
import dev.chatroom.crypto.TrustStore.State;
import dev.chatroom.protocol.Frame;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The other members of our room with their keys and trust state, fed by welcome, joined and
 * left. Each sighting goes through the {@link TrustStore}: a nick whose keys changed stays in
 * the roster as {@link State#CHANGED} and is neither shown nor encrypted to until trusted; one
 * beyond the pin rate stays {@link State#UNPINNED} (hidden, not encrypted to) until a later
 * look finds the rate allows it.
 * Used on the client's event loop; {@link #nicks()} may be read from any thread.
 */
public final class Roster {
  /** A member; {@code keys} is null when the announced keys did not even parse. */
  public record Member(String nick, PeerKeys keys, State state) {
    public boolean trusted() { return keys != null && state != State.CHANGED && state != State.UNPINNED; }
  }

  /** At most one pin-flood warning in this time, however many nicks the flood brings. */
  static final long FLOOD_WARNING_EVERY_MS = 60_000;

  private final TrustStore trust;
  private final Output out;
  private final Map<String, Member> members = new TreeMap<>();
  /** Version 2 only: who is online now, and each member's protocol version (what it can read). */
  private final Map<String, Boolean> online = new TreeMap<>();
  private final Map<String, Integer> versions = new TreeMap<>();
  private volatile List<String> nickSnapshot = List.of();
  private long floodWarnedAt = Long.MIN_VALUE;
  private long hiddenWarnedAt = Long.MIN_VALUE;

  public Roster(TrustStore trust, Output out) {
    this.trust = trust;
    this.out = out;
  }

  /** A welcome: the member list is replaced. */
  public void reset(List<Frame.Member> list) {
    members.clear();
    online.clear();
    versions.clear();
    int firstSightings = 0;
    for (Frame.Member m : list) {
      firstSightings += trust.pinned(m.nick()) == null ? 1 : 0;
    }
    boolean whole = trust.fitsAtOnce(firstSightings);
    for (Frame.Member m : list) {
      add(m.nick(), m.encKey(), m.sigKey(), whole);
      if (m.online() != null) {
        online.put(m.nick(), m.online());
        versions.put(m.nick(), m.version());
      }
    }
    publish();
  }

  /** A joined frame; returns the new member. */
  public Member joined(Frame.Joined j) {
    Member m = add(j.nick(), j.encKey(), j.sigKey(), false);
    if (j.version() != null) {
      online.put(j.nick(), true); // a member joins from a connection
      versions.put(j.nick(), j.version());
    }
    publish();
    return m;
  }

  public void left(String nick) {
    members.remove(nick);
    online.remove(nick);
    versions.remove(nick);
    publish();
  }

  /** A version 2 presence frame; false when {@code nick} is not a member we know. */
  public boolean presence(String nick, boolean isOnline) {
    if (!members.containsKey(nick)) {
      return false;
    }
    online.put(nick, isOnline);
    return true;
  }

  /** True or false in version 2 (online or away), null when unknown (version 1: all are online). */
  public Boolean online(String nick) { return online.get(nick); }

  /** The member's protocol version as the relay announced it, null in version 1. */
  public Integer version(String nick) { return versions.get(nick); }

  public boolean contains(String nick) { return members.containsKey(nick); }

  public int size() { return members.size(); }

  /** The member, asked again of the trust store if it was left unpinned by the pin rate. */
  public Member get(String nick) { return lookup(nick, false); }

  /** As {@link #get}, for the sender of a frame: it may take the pins kept for those who speak. */
  public Member sender(String nick) { return lookup(nick, true); }

  private Member lookup(String nick, boolean sender) {
    Member m = members.get(nick);
    return m != null && m.state() == State.UNPINNED ? recheck(m, sender) : m;
  }

  public List<Member> all() {
    List<Member> all = new ArrayList<>(members.size());
    for (Member m : new ArrayList<>(members.values())) { // a copy: recheck replaces entries
      all.add(m.state() == State.UNPINNED ? recheck(m, false) : m);
    }
    return all;
  }

  /** Nicks for Tab completion; safe from any thread. */
  public List<String> nicks() { return nickSnapshot; }

  /** Encryption keys of every trusted member: the recipients of a room message. */
  public Map<String, PublicKey> trustedRecipients() {
    Map<String, PublicKey> out = new TreeMap<>();
    for (Member m : all()) {
      if (m.trusted()) {
        out.put(m.nick(), m.keys().encKey());
      }
    }
    return out;
  }

  /** What {@link #trust} did. */
  public enum TrustResult { TRUSTED, NOT_A_MEMBER, MISMATCH }

  /**
   * Trusts {@code nick}'s current keys only if their fingerprint is the one the user compared
   * ({@code compared}: 64 lowercase hex digits, or the first 16), so keys swapped by the relay
   * after the user looked are not the ones trusted.
   */
  public TrustResult trust(String nick, String compared) throws CryptoException {
    Member m = members.get(nick);
    if (m == null || m.keys() == null) {
      return TrustResult.NOT_A_MEMBER;
    }
    Fingerprint current = m.keys().fingerprint();
    if (!matches(current, compared)) {
      return TrustResult.MISMATCH;
    }
    trust.trust(nick, current);
    members.put(nick, new Member(nick, m.keys(), State.VERIFIED));
    return TrustResult.TRUSTED;
  }

  /** Constant time in the digits compared; a prefix shorter than 16 digits never matches. */
  static boolean matches(Fingerprint current, String compared) {
    if (compared == null || (compared.length() != 16 && compared.length() != 64)) {
      return false;
    }
    byte[] want = compared.getBytes(StandardCharsets.US_ASCII);
    byte[] have = current.hex().substring(0, compared.length()).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(want, have);
  }

  /** {@code whole}: part of a member list that fits the pin rate whole, so it may take the senders' pins. */
  private Member add(String nick, String encKey, String sigKey, boolean whole) {
    PeerKeys keys;
    try {
      keys = PeerKeys.parse(nick, encKey, sigKey);
    } catch (CryptoException e) {
      out.warn(Shown.nick(nick) + " announced keys that do not parse; their messages will be dropped.");
      Member m = new Member(nick, null, State.CHANGED);
      members.put(nick, m);
      return m;
    }
    TrustStore.Check check = whole ? trust.checkSender(keys) : trust.check(keys);
    if (check.state() == State.CHANGED) {
      warnChanged(nick, check.pinned(), check.seen());
    } else if (check.state() == State.UNPINNED) {
      warnFlood();
    }
    Member m = new Member(nick, keys, check.state());
    members.put(nick, m);
    return m;
  }

  /** The pin rate may allow it now; no new warning either way. */
  private Member recheck(Member m, boolean sender) {
    TrustStore.Check check = sender ? trust.checkSender(m.keys()) : trust.check(m.keys());
    if (check.state() == State.UNPINNED) {
      return m;
    }
    Member now = new Member(m.nick(), m.keys(), check.state());
    members.put(m.nick(), now);
    return now;
  }

  /**
   * A frame from {@code nick}, left unpinned by the pin rate, was hidden: said at most once a
   * minute (a flooding relay could send many), with how to read such a member at once.
   */
  public void hidden(String room, String nick, String what) {
    long now = System.currentTimeMillis();
    if (!due(hiddenWarnedAt, now)) {
      return;
    }
    hiddenWarnedAt = now;
    String shown = Shown.nick(nick);
    out.warn(room, "hid a " + what + " from " + shown + ", new and not pinned yet (too many new nicks at once): /fp "
        + shown + ", compare it out of band, then /trust " + shown + " FINGERPRINT to read what they send"
        + " from now on; others like it stay hidden until the rate allows");
  }

  private void warnFlood() {
    long now = System.currentTimeMillis();
    if (!due(floodWarnedAt, now)) {
      return;
    }
    floodWarnedAt = now;
    out.warn("too many new nicks a minute (the relay may be flooding; " + TrustStore.PINS_PER_MINUTE
        + " a minute are pinned, a third of them kept for nicks that send): the newest stay unpinned, hidden and"
        + " not encrypted to until the rate allows");
  }

  private static boolean due(long warnedAt, long now) {
    return warnedAt == Long.MIN_VALUE || now - warnedAt >= FLOOD_WARNING_EVERY_MS;
  }

  private void warnChanged(String nick, Fingerprint pinned, Fingerprint seen) {
    out.warn("@@@ WARNING: THE KEYS OF " + nick + " HAVE CHANGED @@@\n"
        + "  pinned:  " + pinned.grouped() + "\n"
        + "  now:     " + seen.grouped() + "\n"
        + "  Someone may be impersonating " + nick + " (or they made a new identity).\n"
        + "  Their messages are hidden and nothing is encrypted to them. Compare the new\n"
        + "  fingerprint with " + nick + " out of band, then type /trust " + nick + " FINGERPRINT\n"
        + "  (the new one, all of it or its first 16 digits) to accept it.");
  }

  private void publish() {
    nickSnapshot = List.copyOf(members.keySet());
  }
}
