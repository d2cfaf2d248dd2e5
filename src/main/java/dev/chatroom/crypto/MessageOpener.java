package dev.chatroom.crypto;

import dev.chatroom.crypto.MessageRejected.Reason;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.Names;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Checks and decrypts a received message (PROTOCOL.md section 5, "Receiving"): signature
 * first, then that we are a recipient, then timestamp and replay, then unwrap and decrypt.
 * One opener per session: it holds the replay memory.
 */
public final class MessageOpener {
  /** How far ahead of our clock a sender's {@code sent} may be. */
  public static final Duration MAX_FUTURE = Duration.ofMinutes(5);
  /** How far behind our clock a bare message's {@code sent} may be. */
  public static final Duration MAX_AGE = ReplayGuard.WINDOW;

  /** How the message reached us, which decides what guards against its replay. */
  public enum Carrier {
    /** A version 1 {@code message} on its own: refused if old, and its id remembered. */
    BARE,
    /** Inside a version 2 {@code delivery}: its {@code seq} rules out replays, so age is fine. */
    IN_DELIVERY
  }

  private final Clock clock;
  private final ReplayGuard replays;

  public MessageOpener() {
    this(Clock.systemUTC(), new ReplayGuard());
  }

  public MessageOpener(Clock clock, ReplayGuard replays) {
    this.clock = clock;
    this.replays = replays;
  }

  /** A bare (version 1) message: see {@link #open(Frame.Message, PublicKey, String, PrivateKey, Carrier)}. */
  public byte[] open(Frame.Message m, PublicKey senderSigKey, String myNick, PrivateKey myRsa)
      throws MessageRejected {
    return open(m, senderSigKey, myNick, myRsa, Carrier.BARE);
  }

  /** The payload bytes of {@code m}, or {@link MessageRejected} with the reason it was dropped. */
  public byte[] open(Frame.Message m, PublicKey senderSigKey, String myNick, PrivateKey myRsa,
      Carrier carrier) throws MessageRejected {
    if (m.id() == null || m.room() == null || m.from() == null || m.encryptedMessage() == null
        || m.encryptedKeys() == null || m.signature() == null) {
      throw new MessageRejected(Reason.MALFORMED, "The message is missing a field.");
    }
    // Names reach the user's terminal in warnings, so only valid ones get that far.
    if (!Names.isValidNick(m.from()) || !Names.isValidRoom(m.room())
        || !m.encryptedKeys().keySet().stream().allMatch(Names::isValidNick)) {
      throw new MessageRejected(Reason.MALFORMED, "The message has an invalid nick or room.");
    }
    byte[] signed;
    try {
      signed = SigningInput.of(m.room(), m.from(), m.id(), m.sent(), m.encryptedMessage(),
          m.encryptedKeys());
    } catch (IllegalArgumentException e) {
      throw new MessageRejected(Reason.MALFORMED, "The message has a field that cannot be signed.");
    }
    if (!Signatures.verify(senderSigKey, signed, decode(m.signature()))) {
      throw new MessageRejected(Reason.BAD_SIGNATURE,
          "The message from " + m.from() + " has an invalid signature.");
    }
    String wrappedB64 = m.encryptedKeys().get(myNick);
    if (wrappedB64 == null) {
      throw new MessageRejected(Reason.NOT_A_RECIPIENT,
          "The message from " + m.from() + " is not addressed to " + myNick + ".");
    }
    long now = clock.millis();
    if (m.sent() > now + MAX_FUTURE.toMillis()) {
      throw new MessageRejected(Reason.FUTURE_TIMESTAMP,
          "The message from " + m.from() + " is dated more than 5 minutes in the future.");
    }
    if (carrier == Carrier.BARE) {
      if (m.sent() < now - MAX_AGE.toMillis()) {
        throw new MessageRejected(Reason.TOO_OLD,
            "The message from " + m.from() + " is dated more than 10 minutes in the past.");
      }
      // Keyed by the signing key too: a later user of the same nick is a different sender.
      String sender = m.from() + " " + PublicKeys.encode(senderSigKey);
      if (!replays.firstSight(sender, m.id(), m.sent(), now)) {
        throw new MessageRejected(Reason.REPLAY,
            "The message from " + m.from() + " was already received (replay).");
      }
    }
    String fernetKey;
    try {
      byte[] wrapped = decode(wrappedB64);
      fernetKey = new String(KeyWrap.unwrap(myRsa, wrapped), StandardCharsets.US_ASCII);
    } catch (CryptoException e) {
      throw new MessageRejected(Reason.UNWRAP_FAILED,
          "The key of the message from " + m.from() + " could not be unwrapped.");
    }
    try {
      return Fernet.decrypt(fernetKey, m.encryptedMessage());
    } catch (CryptoException e) {
      throw new MessageRejected(Reason.DECRYPT_FAILED,
          "The message from " + m.from() + " could not be decrypted.");
    }
  }

  /** Lenient to a caller: bad base64 yields an empty array, which then fails its check. */
  private static byte[] decode(String b64) {
    try {
      return Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }
}
