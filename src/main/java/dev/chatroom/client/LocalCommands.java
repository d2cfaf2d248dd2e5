package dev.chatroom.client;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.crypto.TrustStore;
import dev.chatroom.crypto.TrustStore.State;
import java.util.ArrayList;
import java.util.List;

/** The commands answered without the relay: /help, /who, /fp, /trust. Run on the event loop. */
final class LocalCommands {
  private final ChatClient client;
  private final Roster roster;
  private final TrustStore trust;
  private final Output out;

  LocalCommands(ChatClient client, Roster roster, TrustStore trust, Output out) {
    this.client = client;
    this.roster = roster;
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
    rows.add(List.of("  " + client.nick(), client.fingerprint().shortForm(), "(you)"));
    for (Roster.Member m : roster.all()) {
      rows.add(List.of("  " + Shown.nick(m.nick()),
          m.keys() == null ? "(unreadable keys)" : m.keys().fingerprint().shortForm(), describe(m.state())));
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
    Roster.Member m = roster.get(nick);
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
    Roster.Member m = roster.get(nick);
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
      switch (roster.trust(nick, compared)) {
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

  static String describe(State state) {
    switch (state) {
      case VERIFIED: return "verified";
      case CHANGED: return "KEYS CHANGED, untrusted";
      case UNPINNED: return "new, not yet pinned: hidden";
      default: return "unverified";
    }
  }
}
