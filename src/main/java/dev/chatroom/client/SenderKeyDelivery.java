package dev.chatroom.client;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.TrustStore;
import dev.chatroom.crypto.senderkey.GroupRejected;
import dev.chatroom.crypto.senderkey.MissingKeys;
import dev.chatroom.protocol.Frame;
import java.util.Optional;

/**
 * Receiving sender keys (PROTOCOL.md section 12) on the event loop: a {@code sender_key} or
 * {@code group_message} is used only from a trusted member of the room it came in, verified
 * before any state is touched; anything refused earns one warning naming the sender and why.
 * A message whose epoch's key never arrived is counted, and said once per sender and epoch.
 */
final class SenderKeyDelivery {
  private final GroupKeys keys;
  private final Identity me;
  private final String nick;
  private final Output out;
  private final HeldSenderKeys held = new HeldSenderKeys();

  SenderKeyDelivery(GroupKeys keys, Identity me, String nick, Output out) {
    this.keys = keys;
    this.me = me;
    this.nick = nick;
    this.out = out;
  }

  /** A sender's chain for {@code room}: stored for its group messages to come. */
  void senderKey(String room, Roster roster, Frame.SenderKey k) {
    Roster.Member sender = sender(room, roster, k.room(), k.from(), "key", () -> held.hold(k));
    if (sender == null) {
      return;
    }
    held.take(room, k.from(), k.epoch()); // this one arrived from a pinned sender: a held copy is not needed
    accept(room, sender, k);
  }

  private void accept(String room, Roster.Member sender, Frame.SenderKey k) {
    try {
      keys.accept(k, sender.keys().sigKey(), nick, me.rsa().getPrivate());
    } catch (GroupRejected e) {
      out.warn(room, "ignored a sender key from " + k.from() + ": " + reason(e.reason()));
    }
  }

  /** The payload of a group message, or null when it was dropped (with a warning, or counted). */
  Payload open(String room, Roster roster, Frame.GroupMessage g, boolean synced) {
    Roster.Member sender = sender(room, roster, g.room(), g.from(), "message", null);
    if (sender == null) {
      return null;
    }
    Frame.SenderKey heldKey = held.take(room, g.from(), g.epoch());
    if (heldKey != null) {
      accept(room, sender, heldKey); // it came while the sender was unpinned, who is pinned now
    }
    try {
      Payload p = Payload.decode(keys.open(g, sender.keys().sigKey()));
      return p.isPrivate() ? new Payload(p.text(), p.action(), false) : p; // a room line is never private
    } catch (GroupRejected e) {
      if (e.reason() != GroupRejected.Reason.UNKNOWN_EPOCH) {
        out.warn(room, "dropped a message from " + g.from() + ": " + reason(e.reason()));
      } else if (synced) {
        showWarnings(); // live: say it now; during catch-up it waits for the room's synced
      }
      return null;
    } catch (CryptoException e) {
      out.warn(room, "dropped a message from " + g.from() + ": its content is not a valid payload");
      return null;
    }
  }

  /** Each (room, sender, epoch) whose key never reached this device, once. */
  void showWarnings() {
    for (MissingKeys.Warning w : keys.takeWarnings()) {
      out.warn(w.room(), w.text());
    }
  }

  /** For /who: whether I hold {@code from}'s current sender key in {@code room}. */
  String describe(String room, String from) {
    Optional<Boolean> held = keys.holdsCurrent(room, from);
    return held.isEmpty() ? "no sender key yet" : held.get() ? "sender key held" : "SENDER KEY MISSING";
  }

  /** The trusted member who sent a frame, or null (said why); {@code onUnpinned}, if any, runs when the pin rate hid it. */
  private Roster.Member sender(String room, Roster roster, String frameRoom, String from, String what,
                               Runnable onUnpinned) {
    if (!frameRoom.equals(room)) {
      out.warn(room, "dropped a " + what + " from " + from + ": it was sent to room " + frameRoom + ", not " + room);
      return null;
    }
    Roster.Member sender = roster.sender(from);
    if (sender == null) {
      out.warn(room, "dropped a " + what + " from " + from + ": the sender is not a member of this room");
      return null;
    }
    if (sender.state() == TrustStore.State.UNPINNED) {
      roster.hidden(room, from, what);
      if (onUnpinned != null) {
        onUnpinned.run();
      }
      return null;
    }
    if (!sender.trusted()) {
      out.warn(room, "dropped a " + what + " from " + from + ": their keys changed and are not trusted (compare /fp "
          + from + " out of band, then /trust " + from + " FINGERPRINT)");
      return null;
    }
    return sender;
  }

  static String reason(GroupRejected.Reason r) {
    switch (r) {
      case BAD_SIGNATURE: return "invalid signature (forged or altered)";
      case NOT_A_RECIPIENT: return "it is not addressed to you";
      case RETIRED_EPOCH: return "it is for an epoch this device already dropped";
      case FUTURE_TIMESTAMP: return "dated more than 5 minutes in the future";
      case REPLAY: return "replayed (already received)";
      case TOO_FAR_AHEAD: return "it claims to be too far ahead in the sender's chain";
      case UNWRAP_FAILED: return "its key could not be unwrapped";
      case DECRYPT_FAILED: return "it could not be decrypted (altered)";
      default: return "malformed";
    }
  }
}
