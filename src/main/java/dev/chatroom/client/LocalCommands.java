package dev.chatroom.client;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.crypto.TrustStore;
import dev.chatroom.crypto.TrustStore.State;

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
      trust(t.nick());
    } else if (c instanceof Command.Invalid i) {
      out.warn(i.problem());
    }
  }

  private void who() {
    StringBuilder b = new StringBuilder();
    b.append(client.ready() ? "in room " + client.room() : "not connected; last known members of " + client.room())
        .append(":\n  ").append(client.nick()).append("  ").append(client.fingerprint().shortForm()).append("  (you)");
    for (Roster.Member m : roster.all()) {
      b.append("\n  ").append(m.nick()).append("  ")
          .append(m.keys() == null ? "(unreadable keys)" : m.keys().fingerprint().shortForm())
          .append("  ").append(describe(m.state()));
    }
    out.notice(b.toString());
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

  private void trust(String nick) {
    try {
      Roster.Member m = roster.get(nick);
      if (!roster.trust(nick)) {
        out.warn(nick + " is not in this room; /trust works on a member's current keys");
        return;
      }
      out.notice("trusted " + nick + ": " + m.keys().fingerprint().grouped() + " (verified)");
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
