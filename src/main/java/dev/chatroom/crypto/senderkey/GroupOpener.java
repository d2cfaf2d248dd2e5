package dev.chatroom.crypto.senderkey;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Fernet;
import dev.chatroom.crypto.KeyWrap;
import dev.chatroom.crypto.MessageOpener;
import dev.chatroom.crypto.PublicKeys;
import dev.chatroom.crypto.SenderKeySigningInput;
import dev.chatroom.crypto.Signatures;
import dev.chatroom.crypto.senderkey.GroupRejected.Reason;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.Names;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;

/**
 * Checks and opens received {@code sender_key} and {@code group_message} frames (section 12,
 * "Receivers"): shape, then the Ed25519 signature with the sender's sig_key, and only then
 * any state. Messages whose epoch never arrived are counted for one warning each.
 */
public final class GroupOpener {
  /** 2^53 - 1: the largest index every JSON reader holds exactly (and far past any epoch). */
  public static final long MAX_INDEX = (1L << 53) - 1;

  private final ReceiverKeys keys;
  private final MissingKeys missing;
  private final Clock clock;

  public GroupOpener(ReceiverKeys keys, MissingKeys missing, Clock clock) {
    this.keys = keys;
    this.missing = missing;
    this.clock = clock;
  }

  /** Verifies {@code f}, unwraps my copy of CK and stores it (or ignores a known epoch). */
  public ReceiverKeys.Added accept(Frame.SenderKey f, PublicKey senderSigKey, String myNick,
                                   PrivateKey myRsa) throws GroupRejected {
    if (f.id() == null || f.encryptedKeys() == null || f.signature() == null) {
      throw malformed();
    }
    checkHeader(f.room(), f.from(), f.epoch(), f.index());
    if (!f.encryptedKeys().keySet().stream().allMatch(Names::isValidNick)) {
      throw malformed();
    }
    byte[] signed;
    try {
      signed = SenderKeySigningInput.senderKey(f.room(), f.from(), f.id(), f.sent(), f.epoch(),
          f.index(), f.encryptedKeys());
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
    verify(senderSigKey, signed, f.signature(), f.from());
    String wrapped = f.encryptedKeys().get(myNick);
    if (wrapped == null) {
      throw new GroupRejected(Reason.NOT_A_RECIPIENT,
          "The key from " + f.from() + " is not addressed to " + myNick + ".");
    }
    checkNotFuture(f.sent(), f.from());
    if (keys.holds(f.room(), f.from(), f.epoch())) {
      return ReceiverKeys.Added.ALREADY_HELD; // no RSA work for a copy that adds nothing
    }
    byte[] ck;
    try {
      ck = KeyWrap.unwrap(myRsa, decode(wrapped));
    } catch (CryptoException e) {
      throw new GroupRejected(Reason.UNWRAP_FAILED,
          "The key from " + f.from() + " could not be unwrapped.");
    }
    if (ck.length != Ratchet.KEY_BYTES) {
      Ratchet.wipe(ck);
      throw new GroupRejected(Reason.UNWRAP_FAILED,
          "The key from " + f.from() + " is not a 32-byte chain key.");
    }
    ReceiverKeys.Added added = keys.add(f.room(), f.from(), f.epoch(),
        PublicKeys.encode(senderSigKey), ck, f.index());
    if (added == ReceiverKeys.Added.ADDED) {
      missing.keyArrived(f.room(), f.from(), f.epoch());
    }
    return added;
  }

  /** The payload bytes of {@code m}; its message key is deleted once it opened. */
  public byte[] open(Frame.GroupMessage m, PublicKey senderSigKey) throws GroupRejected {
    if (m.id() == null || m.encryptedMessage() == null || m.signature() == null) {
      throw malformed();
    }
    checkHeader(m.room(), m.from(), m.epoch(), m.index());
    byte[] signed;
    try {
      signed = SenderKeySigningInput.groupMessage(m.room(), m.from(), m.id(), m.sent(),
          m.epoch(), m.index(), m.encryptedMessage());
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
    verify(senderSigKey, signed, m.signature(), m.from());
    checkNotFuture(m.sent(), m.from());
    try {
      return keys.open(m.room(), m.from(), m.epoch(), PublicKeys.encode(senderSigKey),
          m.index(), mk -> decrypt(mk, m));
    } catch (GroupRejected e) {
      if (e.reason() == Reason.UNKNOWN_EPOCH) {
        missing.record(m.room(), m.from(), m.epoch());
      }
      throw e;
    }
  }

  private static byte[] decrypt(byte[] mk, Frame.GroupMessage m) throws GroupRejected {
    try {
      return Fernet.decrypt(Ratchet.fernetKey(mk), m.encryptedMessage());
    } catch (CryptoException e) {
      throw new GroupRejected(Reason.DECRYPT_FAILED,
          "The message from " + m.from() + " could not be decrypted.");
    }
  }

  private static void checkHeader(String room, String from, String epoch, long index)
      throws GroupRejected {
    // Names reach the user's terminal in warnings, so only valid ones get that far.
    if (!Names.isValidRoom(room) || !Names.isValidNick(from) || !EpochId.isValid(epoch)
        || index < 0 || index > MAX_INDEX) {
      throw malformed();
    }
  }

  private static void verify(PublicKey key, byte[] signed, String signature, String from)
      throws GroupRejected {
    if (!Signatures.verify(key, signed, decode(signature))) {
      throw new GroupRejected(Reason.BAD_SIGNATURE,
          "The frame from " + from + " has an invalid signature.");
    }
  }

  private void checkNotFuture(long sent, String from) throws GroupRejected {
    if (sent > clock.millis() + MessageOpener.MAX_FUTURE.toMillis()) {
      throw new GroupRejected(Reason.FUTURE_TIMESTAMP,
          "The frame from " + from + " is dated more than 5 minutes in the future.");
    }
  }

  private static GroupRejected malformed() {
    return new GroupRejected(Reason.MALFORMED,
        "A sender-key frame is missing a field or has an invalid one.");
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
