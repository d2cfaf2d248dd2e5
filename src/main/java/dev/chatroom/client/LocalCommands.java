package dev.chatroom.client;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.crypto.TrustStore;
import dev.chatroom.crypto.TrustStore.State;
import java.util.ArrayList;
import java.util.List;

/** The commands answered without the relay: /help, /who, /fp, /trust. Run on the event loop. */
final class LocalCommands {
  /** What the commands read of the client: version 1 has one room, version 2 a current one. */
  interface Context {
    String nick();

    Fingerprint fingerprint();

    /** The current room. */
    String room();

    boolean ready();

    /** The current room's members. */
    Roster roster();

    /** Every room's members: a /trust applies in each room the nick is in. */
    default List<Roster> rosters() { return List.of(roster()); }

    /** Whether I hold {@code nick}'s current sender key in the current room; null without sender keys. */
    default String senderKey(String nick) { return null; }
  }

  private final Context client;
  private final TrustStore trust;
  private final Output out;

  LocalCommands(Context client, TrustStore trust, Output out) {
    this.client = client;
    this.trust = trust;
    this.out = out;
  }

  void run(Command c) {
    if (c instanceof Command.Help) {
      out.notice(Command.HELP);
    } else if (c instanceof Command.Who) {
      who();
    } else if (c instanceof Command.Fp fp) {
      fingerprint(fp.nick());
    } else if (c instanceof Command.Trust t) {
      trust(t.nick(), t.fingerprint());
    } else if (c instanceof Command.Invalid i) {
      out.warn(i.problem());
    }
  }

  private void who() {
    List<List<String>> rows = new ArrayList<>();
    Roster roster = client.roster();
    rows.add(List.of("  " + client.nick(), client.fingerprint().shortForm(), "(you)"));
    for (Roster.Member m : roster.all()) {
      Boolean online = roster.online(m.nick()); // null in version 1, where every member is online
      String senderKey = client.senderKey(m.nick());
      String state = describe(m.state()) + (online == null ? "" : online ? ", online" : ", away")
          + (senderKey == null ? "" : ", " + senderKey);
      rows.add(List.of("  " + Shown.nick(m.nick()),
          m.keys() == null ? "(unreadable keys)" : m.keys().fingerprint().shortForm(), state));
    }
    String room = Shown.room(client.room());
    out.notice((client.ready() ? "in room " + room : "not connected; last known members of " + room)
        + ":\n" + Display.table(rows));
  }

  private void fingerprint(String nick) {
    if (nick == null || nick.equals(client.nick())) {
      out.notice("your fingerprint: " + client.fingerprint().grouped());
      return;
    }
    Roster.Member m = find(nick);
    Fingerprint pinned = trust.pinned(nick);
    if (m == null || m.keys() == null) {
      out.notice(nick + " is not in this room"
          + (pinned == null ? "" : "; pinned fingerprint: " + pinned.grouped()));
      return;
    }
    String text = nick + ": " + m.keys().fingerprint().grouped() + " (" + describe(m.state()) + ")";
    if (m.state() == State.CHANGED && pinned != null) {
      text += "\n  previously pinned: " + pinned.grouped();
    }
    out.notice(text);
  }

  /** Bare /trust NICK shows what to compare; /trust NICK FP trusts only the keys that match FP. */
  private void trust(String nick, String compared) {
    Roster.Member m = find(nick);
    if (m == null || m.keys() == null) {
      out.warn(nick + " is not in this room; /trust works on a member's current keys");
      return;
    }
    Fingerprint current = m.keys().fingerprint();
    if (compared == null) {
      out.notice(nick + "'s fingerprint: " + current.grouped() + " (" + describe(m.state()) + ")\n"
          + "compare it with " + nick + " out of band, then type /trust " + nick + " FINGERPRINT\n"
          + "(all 64 digits, or the first 16) to trust these keys");
      return;
    }
    try {
      Roster.TrustResult result = Roster.TrustResult.NOT_A_MEMBER;
      for (Roster r : client.rosters()) {
        Roster.TrustResult one = r.contains(nick) ? r.trust(nick, compared) : Roster.TrustResult.NOT_A_MEMBER;
        result = one == Roster.TrustResult.NOT_A_MEMBER ? result : one;
      }
      switch (result) {
        case TRUSTED:
          out.notice("trusted " + nick + ": " + current.grouped() + " (verified)");
          break;
        case MISMATCH:
          out.warn("not trusted: " + nick + "'s keys now have fingerprint " + current.grouped()
              + ", not the one you gave; compare again with " + nick + " out of band");
          break;
        default:
          out.warn(nick + " is not in this room; /trust works on a member's current keys");
      }
    } catch (CryptoException e) {
      out.warn(e.getMessage());
    }
  }

  /** The member in the current room, else in any of our rooms. */
  private Roster.Member find(String nick) {
    Roster.Member m = client.roster().get(nick);
    for (Roster r : client.rosters()) {
      if (m == null && r.contains(nick)) {
        m = r.get(nick);
      }
    }
    return m;
  }

  static String describe(State state) {
    switch (state) {
      case VERIFIED: return "verified";
      case CHANGED: return "KEYS CHANGED, untrusted";
      case UNPINNED: return "new, not yet pinned: hidden";
      default: return "unverified";
    }
  }
}
