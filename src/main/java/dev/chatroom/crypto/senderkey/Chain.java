package dev.chatroom.crypto.senderkey;

/**
 * One position in a chain: CK_i and i. Advancing hands out MK_i and overwrites CK_i with
 * CK_{i+1}, so the chain never runs backwards. Not thread-safe; one owner.
 */
final class Chain {
  private byte[] key;
  private long index;

  /** Takes ownership of {@code key} (it is wiped when the chain moves on). */
  Chain(byte[] key, long index) {
    if (key == null || key.length != Ratchet.KEY_BYTES || index < 0) {
      throw new IllegalArgumentException("a chain is a 32-byte key at an index >= 0");
    }
    this.key = key;
    this.index = index;
  }

  long index() {
    return index;
  }

  /** A copy of CK at the current index, for a distribution or the state file; caller wipes it. */
  byte[] keyCopy() {
    return live().clone();
  }

  /** MK at the current index; the chain moves to the next index and forgets this one. */
  byte[] advance() {
    byte[] mk = Ratchet.messageKey(live());
    step();
    return mk;
  }

  /** Moves to the next index without deriving MK (when skipping is not wanted). */
  void step() {
    if (index == Long.MAX_VALUE) {
      throw new IllegalStateException("the chain is exhausted");
    }
    byte[] next = Ratchet.nextChainKey(live());
    Ratchet.wipe(key);
    key = next;
    index++;
  }

  /** Zeroes CK; the chain then refuses to derive anything (fail closed). */
  void wipe() {
    Ratchet.wipe(key);
    key = null;
  }

  private byte[] live() {
    if (key == null) {
      throw new IllegalStateException("the chain was destroyed");
    }
    return key;
  }
}
