package dev.chatroom.crypto.senderkey;

import dev.chatroom.crypto.senderkey.GroupRejected.Reason;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sender's chain for one epoch as a receiver holds it (libsignal's SenderChainKey plus its
 * skipped SenderMessageKeys): CK at the next unseen index, and the message keys of indexes
 * skipped on the way, oldest first, each deleted once used. Not thread-safe; ReceiverKeys
 * guards it.
 */
final class ReceiverEpoch {
  private final String epoch;
  /** Base64 Ed25519 SPKI that signed the sender_key: only that key's messages may use it. */
  private final String signer;
  private Chain chain;
  private final LinkedHashMap<Long, byte[]> skipped = new LinkedHashMap<>();

  ReceiverEpoch(String epoch, String signer, Chain chain) {
    this.epoch = epoch;
    this.signer = signer;
    this.chain = chain;
  }

  String epoch() {
    return epoch;
  }

  String signer() {
    return signer;
  }

  Chain chain() {
    return chain;
  }

  Map<Long, byte[]> skipped() {
    return skipped;
  }

  int skippedCount() {
    return skipped.size();
  }

  /** Restores a skipped key from the state file. */
  void putSkipped(long index, byte[] mk) {
    skipped.put(index, mk);
  }

  /**
   * MK for {@code index}, not yet taken: the state changes only on {@link Found#commit()}, so a
   * token that fails to decrypt leaves everything as it was.
   */
  Found find(long index, String from) throws GroupRejected {
    long next = chain.index();
    if (index < next) {
      byte[] mk = skipped.get(index);
      if (mk == null) {
        throw new GroupRejected(Reason.REPLAY, "The message from " + from
            + " was already received, or is too old to open (replay).");
      }
      return new Found(mk.clone(), () -> Ratchet.wipe(skipped.remove(index)));
    }
    if (index - next > ReceiverKeys.MAX_FORWARD_JUMPS) {
      throw new GroupRejected(Reason.TOO_FAR_AHEAD, "The message from " + from
          + " is more than " + ReceiverKeys.MAX_FORWARD_JUMPS + " messages ahead of its key.");
    }
    // Walk a copy; only the last MAX_MESSAGE_KEYS skipped keys could be kept anyway.
    Chain walk = new Chain(chain.keyCopy(), next);
    ArrayDeque<Long> order = new ArrayDeque<>();
    ArrayDeque<byte[]> keys = new ArrayDeque<>();
    while (walk.index() < index) {
      order.addLast(walk.index());
      keys.addLast(walk.advance());
      if (keys.size() > ReceiverKeys.MAX_MESSAGE_KEYS) {
        order.removeFirst();
        Ratchet.wipe(keys.removeFirst());
      }
    }
    byte[] mk = walk.advance();
    return new Found(mk, () -> {
      chain.wipe();
      chain = walk;
      Iterator<byte[]> k = keys.iterator();
      for (Long i : order) {
        skipped.put(i, k.next());
      }
      trimSkipped(ReceiverKeys.MAX_MESSAGE_KEYS);
    }, () -> {
      walk.wipe();
      keys.forEach(Ratchet::wipe);
    });
  }

  /** Drops the oldest skipped keys until at most {@code max} remain; returns how many went. */
  int trimSkipped(int max) {
    int dropped = 0;
    Iterator<byte[]> it = skipped.values().iterator();
    while (skipped.size() > max && it.hasNext()) {
      Ratchet.wipe(it.next());
      it.remove();
      dropped++;
    }
    return dropped;
  }

  void wipe() {
    chain.wipe();
    skipped.values().forEach(Ratchet::wipe);
    skipped.clear();
  }

  /** A message key found but not yet taken from the state. */
  static final class Found {
    private final byte[] messageKey;
    private final Runnable commit;
    private final Runnable discard;

    Found(byte[] messageKey, Runnable commit) {
      this(messageKey, commit, () -> {});
    }

    Found(byte[] messageKey, Runnable commit, Runnable discard) {
      this.messageKey = messageKey;
      this.commit = commit;
      this.discard = discard;
    }

    byte[] messageKey() {
      return messageKey;
    }

    /** Takes the key out of the state: the index can never be opened again. */
    void commit() {
      Ratchet.wipe(messageKey);
      commit.run();
    }

    void discard() {
      Ratchet.wipe(messageKey);
      discard.run();
    }
  }
}
