package dev.chatroom.client;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageOpener;
import dev.chatroom.crypto.MessageRejected;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.TrustStore;
import dev.chatroom.protocol.Frame;

/**
 * Receiving safely (PROTOCOL.md section 5): only a trusted member's message that verifies,
 * names us, is fresh and decrypts is shown; anything else earns one warning naming the sender
 * and the reason, and nothing on the message channel.
 */
public final class Receiver {
  private final Identity me;
  private final Roster roster;
  private final Output out;
  private final MessageOpener opener;

  public Receiver(Identity me, Roster roster, Output out, MessageOpener opener) {
    this.me = me;
    this.roster = roster;
    this.out = out;
    this.opener = opener;
  }

  /** The payload to show, or null when the message was dropped (and a warning given). */
  public Payload open(Frame.Message m, String myNick, String myRoom) {
    return open(m, myNick, myRoom, roster, MessageOpener.Carrier.BARE);
  }

  /**
   * Version 2: {@code m} came in {@code myRoom}'s delivery ({@code carrier} IN_DELIVERY, its seq
   * rules out replays) and is checked against that room's members.
   */
  public Payload open(Frame.Message m, String myNick, String myRoom, Roster roster, MessageOpener.Carrier carrier) {
    String from = m.from(); // a valid nick: the codec checked it
    if (!m.room().equals(myRoom)) {
      return drop(from, "it was sent to room " + m.room() + ", not " + myRoom);
    }
    Roster.Member sender = roster.sender(from);
    if (sender == null) {
      return drop(from, "the sender is not a member of this room");
    }
    if (sender.state() == TrustStore.State.UNPINNED) {
      roster.hidden(myRoom, from, "message");
      return null;
    }
    if (!sender.trusted()) {
      return drop(from, "their keys changed and are not trusted (compare /fp " + from
          + " out of band, then /trust " + from + " FINGERPRINT)");
    }
    try {
      byte[] json = opener.open(m, sender.keys().sigKey(), myNick, me.rsa().getPrivate(), carrier);
      return Payload.decode(json);
    } catch (MessageRejected e) {
      return drop(from, reason(e.reason()));
    } catch (CryptoException e) {
      return drop(from, "its content is not a valid payload");
    }
  }

  private Payload drop(String from, String reason) {
    out.warn("dropped a message from " + from + ": " + reason);
    return null;
  }

  static String reason(MessageRejected.Reason r) {
    switch (r) {
      case BAD_SIGNATURE: return "invalid signature (forged or altered)";
      case NOT_A_RECIPIENT: return "it is not addressed to you";
      case REPLAY: return "replayed (already received)";
      case FUTURE_TIMESTAMP: return "dated more than 5 minutes in the future";
      case TOO_OLD: return "dated more than 10 minutes ago (replayed)";
      case UNWRAP_FAILED: return "its key could not be unwrapped";
      case DECRYPT_FAILED: return "it could not be decrypted (altered)";
      default: return "malformed";
    }
  }
}
