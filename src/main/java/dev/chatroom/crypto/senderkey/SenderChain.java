package dev.chatroom.crypto.senderkey;

import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.protocol.Names;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * My epoch in one room (section 12, "Senders"): its id, the chain at my next index, when it
 * started, how many messages it sealed, and who holds it (nick to the fingerprint it was
 * wrapped for). Not thread-safe; one owner per room.
 */
public final class SenderChain {
  /** The relay's default max_room_members; bounds the state file. */
  public static final int MAX_HOLDERS = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String room;
  private final String epoch;
  private final Chain chain;
  private final long startedMillis;
  private long messagesSent;
  private final Map<String, Fingerprint> holders = new TreeMap<>();
  /** A holder left or parted since the epoch began: it must not read what follows. */
  private boolean holderDeparted;

  SenderChain(String room, String epoch, Chain chain, long startedMillis, long messagesSent,
              Map<String, Fingerprint> holders, boolean holderDeparted) {
    if (!Names.isValidRoom(room) || !EpochId.isValid(epoch)) {
      throw new IllegalArgumentException("invalid room or epoch");
    }
    this.room = room;
    this.epoch = epoch;
    this.chain = chain;
    this.startedMillis = startedMillis;
    this.messagesSent = messagesSent;
    this.holders.putAll(holders);
    this.holderDeparted = holderDeparted;
  }

  /** A fresh epoch: random id and CK_0, index 0, held by nobody yet. */
  public static SenderChain start(String room, Clock clock) {
    byte[] ck = new byte[Ratchet.KEY_BYTES];
    RANDOM.nextBytes(ck);
    return new SenderChain(room, EpochId.random(), new Chain(ck, 0), clock.millis(), 0,
        Map.of(), false);
  }

  public String room() {
    return room;
  }

  public String epoch() {
    return epoch;
  }

  /** The index the next message will use. */
  public long index() {
    return chain.index();
  }

  /** What the rotation and distribution rules look at. */
  public EpochFacts facts() {
    return new EpochFacts(startedMillis, messagesSent, Collections.unmodifiableMap(holders),
        holderDeparted);
  }

  /** Called on {@code left}/{@code parted}: only a holder's departure forces a new epoch. */
  public void memberDeparted(String nick) {
    if (holders.remove(nick) != null) {
      holderDeparted = true;
    }
  }

  /** Forgets CK: the epoch is over (rotation) and nothing may seal under it again. */
  public void destroy() {
    chain.wipe();
  }

  void addHolder(String nick, Fingerprint fingerprint) {
    if (holders.size() >= MAX_HOLDERS && !holders.containsKey(nick)) {
      throw new IllegalStateException("an epoch is held by at most " + MAX_HOLDERS + " members");
    }
    holders.put(nick, fingerprint);
  }

  /** How many more members this epoch may be given to. */
  int roomForHolders() {
    return MAX_HOLDERS - holders.size();
  }

  /** MK at my next index, after which the chain stands at the following one. */
  byte[] nextMessageKey() {
    byte[] mk = chain.advance();
    messagesSent++;
    return mk;
  }

  byte[] chainKeyCopy() {
    return chain.keyCopy();
  }

  long startedMillis() {
    return startedMillis;
  }

  long messagesSent() {
    return messagesSent;
  }

  Map<String, Fingerprint> holders() {
    return Collections.unmodifiableMap(holders);
  }

  boolean holderDeparted() {
    return holderDeparted;
  }
}
