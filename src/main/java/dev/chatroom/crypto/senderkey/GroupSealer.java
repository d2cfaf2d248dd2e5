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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Builds my {@code group_message} and {@code sender_key} frames (section 12). Persist the
 * chain after sealing and before sending, so a restart never reuses an index.
 */
public final class GroupSealer {
  /** 1,000 RSA-4096 wraps are about 720 KB of JSON, under the default 1 MiB frame limit. */
  public static final int MAX_RECIPIENTS_PER_FRAME = 1_000;
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
   * and records them as holders: one frame per {@value #MAX_RECIPIENTS_PER_FRAME} recipients,
   * sorted by nick, so that a large room's distribution stays under the relay's frame limit.
   *
   * @throws IllegalArgumentException for no recipients, an invalid nick, or more holders than
   *     {@link SenderChain#MAX_HOLDERS}
   */
  public List<Frame.SenderKey> distribute(Identity me, String from, SenderChain chain,
                                          Collection<PeerKeys> recipients) throws CryptoException {
    requireNick(from);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("a sender key needs at least one recipient");
    }
    List<PeerKeys> sorted = new ArrayList<>(recipients);
    sorted.sort(Comparator.comparing(PeerKeys::nick, SigningInput.BYTE_ORDER));
    for (PeerKeys r : sorted) {
      requireNick(r.nick());
    }
    if (sorted.size() > chain.roomForHolders()) {
      throw new IllegalArgumentException(
          "an epoch is held by at most " + SenderChain.MAX_HOLDERS + " members");
    }
    List<Frame.SenderKey> frames = new ArrayList<>();
    byte[] ck = chain.chainKeyCopy();
    try {
      for (int at = 0; at < sorted.size(); at += MAX_RECIPIENTS_PER_FRAME) {
        List<PeerKeys> part = sorted.subList(at,
            Math.min(sorted.size(), at + MAX_RECIPIENTS_PER_FRAME));
        frames.add(senderKey(me, from, chain, ck, part));
      }
    } finally {
      Ratchet.wipe(ck);
    }
    for (PeerKeys r : sorted) {
      chain.addHolder(r.nick(), r.fingerprint());
    }
    return frames;
  }

  /** Below this many recipients the fork costs more than the wraps. */
  private static final int PARALLEL_WRAPS = 16;

  /** One RSA-OAEP wrap per recipient, spread over the cores for a big room (ciphers are per thread). */
  private static String[] wrapAll(List<PeerKeys> recipients, byte[] ck) throws CryptoException {
    String[] out = new String[recipients.size()];
    IntStream range = IntStream.range(0, out.length);
    try {
      (out.length >= PARALLEL_WRAPS ? range.parallel() : range).forEach(i -> {
        try {
          out[i] = B64.encodeToString(KeyWrap.wrap(recipients.get(i).encKey(), ck));
        } catch (CryptoException e) {
          throw new WrapFailed(e);
        }
      });
    } catch (WrapFailed e) {
      throw e.cause;
    }
    return out;
  }

  private static final class WrapFailed extends RuntimeException {
    final CryptoException cause;

    WrapFailed(CryptoException cause) {
      super(null, cause, false, false);
      this.cause = cause;
    }
  }

  private Frame.SenderKey senderKey(Identity me, String from, SenderChain chain, byte[] ck,
                                    List<PeerKeys> recipients) throws CryptoException {
    SortedMap<String, String> wrapped = new TreeMap<>(SigningInput.BYTE_ORDER);
    String[] wraps = wrapAll(recipients, ck);
    for (int i = 0; i < wraps.length; i++) {
      wrapped.put(recipients.get(i).nick(), wraps[i]);
    }
    String id = UUID.randomUUID().toString();
    long sent = clock.millis();
    byte[] signature = Signatures.sign(me.ed25519().getPrivate(), SenderKeySigningInput
        .senderKey(chain.room(), from, id, sent, chain.epoch(), chain.index(), wrapped));
    return new Frame.SenderKey(id, chain.room(), from, sent, chain.epoch(), chain.index(),
        Collections.unmodifiableSortedMap(wrapped), B64.encodeToString(signature));
  }

  private static void requireNick(String nick) {
    if (!Names.isValidNick(nick)) {
      throw new IllegalArgumentException("invalid nick");
    }
  }
}
