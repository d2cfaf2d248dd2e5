package dev.chatroom.crypto.senderkey;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Fernet;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.KeyWrap;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.PeerKeys;
import dev.chatroom.crypto.SenderKeySigningInput;
import dev.chatroom.crypto.Signatures;
import dev.chatroom.crypto.SigningInput;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.Names;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds my {@code group_message} and {@code sender_key} frames (section 12). Persist the
 * chain after sealing and before sending, so a restart never reuses an index.
 */
public final class GroupSealer {
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private final Clock clock;

  public GroupSealer() {
    this(Clock.systemUTC());
  }

  public GroupSealer(Clock clock) {
    this.clock = clock;
  }

  /**
   * Encrypts {@code payload} under MK at the chain's next index, which is then spent.
   *
   * @throws IllegalStateException if the epoch has sealed its 1,000 messages (rotate first)
   */
  public Frame.GroupMessage seal(Identity me, String from, SenderChain chain, Payload payload)
      throws CryptoException {
    requireNick(from);
    if (chain.messagesSent() >= RotationPolicy.MAX_MESSAGES_PER_EPOCH) {
      throw new IllegalStateException("the epoch is used up; start a new one");
    }
    long index = chain.index();
    byte[] mk = chain.nextMessageKey();
    String token;
    try {
      token = Fernet.encrypt(Ratchet.fernetKey(mk), payload.encode());
    } finally {
      Ratchet.wipe(mk);
    }
    String id = UUID.randomUUID().toString();
    long sent = clock.millis();
    byte[] signature = Signatures.sign(me.ed25519().getPrivate(), SenderKeySigningInput
        .groupMessage(chain.room(), from, id, sent, chain.epoch(), index, token));
    return new Frame.GroupMessage(id, chain.room(), from, sent, chain.epoch(), index, token,
        B64.encodeToString(signature));
  }

  /**
   * Wraps CK at the chain's current index for each recipient (RSA-OAEP of the 32 raw bytes)
   * and records them as holders.
   *
   * @throws IllegalArgumentException for no recipients or an invalid nick
   */
  public Frame.SenderKey distribute(Identity me, String from, SenderChain chain,
                                    Collection<PeerKeys> recipients) throws CryptoException {
    requireNick(from);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("a sender key needs at least one recipient");
    }
    SortedMap<String, String> wrapped = new TreeMap<>(SigningInput.BYTE_ORDER);
    byte[] ck = chain.chainKeyCopy();
    try {
      for (PeerKeys r : recipients) {
        requireNick(r.nick());
        wrapped.put(r.nick(), B64.encodeToString(KeyWrap.wrap(r.encKey(), ck)));
      }
    } finally {
      Ratchet.wipe(ck);
    }
    String id = UUID.randomUUID().toString();
    long sent = clock.millis();
    byte[] signature = Signatures.sign(me.ed25519().getPrivate(), SenderKeySigningInput
        .senderKey(chain.room(), from, id, sent, chain.epoch(), chain.index(), wrapped));
    for (PeerKeys r : recipients) {
      chain.addHolder(r.nick(), r.fingerprint());
    }
    return new Frame.SenderKey(id, chain.room(), from, sent, chain.epoch(), chain.index(),
        Collections.unmodifiableSortedMap(wrapped), B64.encodeToString(signature));
  }

  private static void requireNick(String nick) {
    if (!Names.isValidNick(nick)) {
      throw new IllegalArgumentException("invalid nick");
    }
  }
}
