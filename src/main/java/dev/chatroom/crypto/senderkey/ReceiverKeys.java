package dev.chatroom.crypto.senderkey;

import dev.chatroom.crypto.senderkey.GroupRejected.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every chain this device holds from others (section 12, "Receivers"), per (room, sender,
 * epoch), within fixed limits so that memory and the state file stay bounded. Thread-safe.
 */
public final class ReceiverKeys {
  /** Epochs kept per (room, sender); a sixth drops the oldest. */
  public static final int MAX_EPOCHS_PER_SENDER = 5;
  /** The furthest one message may move a chain forward. */
  public static final int MAX_FORWARD_JUMPS = 25_000;
  /** Skipped message keys kept per epoch, oldest dropped first. */
  public static final int MAX_MESSAGE_KEYS = 2_000;
  /** Dropped epoch ids remembered per (room, sender), so a replayed sender_key cannot rewind. */
  public static final int MAX_RETIRED_EPOCHS = 8;
  /** (room, sender) pairs held; the least recently used is forgotten first. */
  public static final int MAX_SENDERS = 5_000;
  /** Skipped message keys across all chains, bounding the state file (about 1 MB of them). */
  public static final int MAX_TOTAL_MESSAGE_KEYS = 20_000;

  /** What became of a sender_key. */
  public enum Added { ADDED, ALREADY_HELD }

  /** Uses a message key; the key is deleted from the state only if this returns normally. */
  @FunctionalInterface
  public interface KeyUse<T> {
    T apply(byte[] messageKey) throws GroupRejected;
  }

  record SenderId(String room, String from) {}

  /** One sender's epochs in one room, oldest first, and the ids of those dropped. */
  static final class SenderEpochs {
    final LinkedHashMap<String, ReceiverEpoch> epochs = new LinkedHashMap<>();
    final ArrayDeque<String> retired = new ArrayDeque<>();

    void retire(String epoch) {
      retired.remove(epoch);
      retired.addLast(epoch);
      while (retired.size() > MAX_RETIRED_EPOCHS) {
        retired.removeFirst();
      }
    }
  }

  private final LinkedHashMap<SenderId, SenderEpochs> senders =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SenderId, SenderEpochs> eldest) {
          if (size() <= MAX_SENDERS) {
            return false;
          }
          eldest.getValue().epochs.values().forEach(ReceiverEpoch::wipe);
          return true;
        }
      };

  /**
   * Takes {@code chainKey} (CK at {@code index}, owned from now on) for a verified sender_key.
   * An epoch already held is ignored: the chain never runs backwards.
   */
  public synchronized Added add(String room, String from, String epoch, String signer,
                                byte[] chainKey, long index) throws GroupRejected {
    SenderEpochs s = senders.computeIfAbsent(new SenderId(room, from), k -> new SenderEpochs());
    if (s.epochs.containsKey(epoch)) {
      Ratchet.wipe(chainKey);
      return Added.ALREADY_HELD;
    }
    if (s.retired.contains(epoch)) {
      Ratchet.wipe(chainKey);
      throw new GroupRejected(Reason.RETIRED_EPOCH, "The key from " + from
          + " is for an epoch this device already dropped; it was ignored.");
    }
    s.epochs.put(epoch, new ReceiverEpoch(epoch, signer, new Chain(chainKey, index)));
    Iterator<ReceiverEpoch> oldest = s.epochs.values().iterator();
    while (s.epochs.size() > MAX_EPOCHS_PER_SENDER) {
      ReceiverEpoch dropped = oldest.next();
      dropped.wipe();
      oldest.remove();
      s.retire(dropped.epoch());
    }
    return Added.ADDED;
  }

  /**
   * Hands MK of (epoch, index) to {@code use}; deletes it only if {@code use} succeeds, so a
   * later genuine copy can still open when a bad one failed.
   */
  public synchronized <T> T open(String room, String from, String epoch, String signer,
                                 long index, KeyUse<T> use) throws GroupRejected {
    SenderEpochs s = senders.get(new SenderId(room, from));
    ReceiverEpoch e = s == null ? null : s.epochs.get(epoch);
    if (e == null || !e.signer().equals(signer)) {
      throw new GroupRejected(Reason.UNKNOWN_EPOCH, "The message from " + from
          + " could not be decrypted: " + from + "'s key for this room never reached this device.");
    }
    boolean forward = index > e.chain().index();
    ReceiverEpoch.Found found = e.find(index, from);
    T result;
    try {
      result = use.apply(found.messageKey());
    } catch (GroupRejected | RuntimeException ex) {
      found.discard();
      throw ex;
    }
    found.commit();
    if (forward) {
      enforceTotalSkipped();
    }
    return result;
  }

  /** True if this device holds {@code epoch} of {@code from} in {@code room}. */
  public synchronized boolean holds(String room, String from, String epoch) {
    SenderEpochs s = senders.get(new SenderId(room, from));
    return s != null && s.epochs.containsKey(epoch);
  }

  /** The newest epoch held from {@code from} in {@code room}, for {@code /who}. */
  public synchronized Optional<String> newestEpoch(String room, String from) {
    SenderEpochs s = senders.get(new SenderId(room, from));
    String newest = null;
    if (s != null) {
      for (String epoch : s.epochs.keySet()) {
        newest = epoch;
      }
    }
    return Optional.ofNullable(newest);
  }

  /** Skipped message keys held across all chains. */
  public synchronized int totalSkipped() {
    int total = 0;
    for (SenderEpochs s : senders.values()) {
      for (ReceiverEpoch e : s.epochs.values()) {
        total += e.skippedCount();
      }
    }
    return total;
  }

  /** Drops skipped keys of the least recently used senders first, oldest epoch first. */
  private void enforceTotalSkipped() {
    int excess = totalSkipped() - MAX_TOTAL_MESSAGE_KEYS;
    for (Iterator<SenderEpochs> it = senders.values().iterator(); excess > 0 && it.hasNext(); ) {
      for (ReceiverEpoch e : it.next().epochs.values()) {
        excess -= e.trimSkipped(Math.max(0, e.skippedCount() - excess));
        if (excess <= 0) {
          break;
        }
      }
    }
  }

  /** For the state file: every sender in least-recently-used order. */
  synchronized List<Map.Entry<SenderId, SenderEpochs>> snapshot() {
    return new ArrayList<>(senders.entrySet());
  }

  /** For the state file: puts back one sender as it was saved. */
  synchronized void restore(SenderId id, List<ReceiverEpoch> epochs, List<String> retired) {
    SenderEpochs s = new SenderEpochs();
    for (ReceiverEpoch e : epochs) {
      s.epochs.put(e.epoch(), e);
    }
    s.retired.addAll(retired);
    senders.put(id, s);
  }

  /** Forgets everything, wiping the keys. */
  public synchronized void clear() {
    senders.values().forEach(s -> s.epochs.values().forEach(ReceiverEpoch::wipe));
    senders.clear();
  }
}
