package dev.chatroom.client;

import dev.chatroom.protocol.Frame;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sender keys from members the pin rate left unpinned, kept so that once such a member is pinned
 * (the rate allows it, or {@code /trust}) its group messages of that epoch can be read: a key
 * comes once per epoch, and without it every line until the sender's next epoch would be lost.
 * Nothing here is trusted: a held key is verified, as any other, when it is used. Bounded in
 * keys and in bytes (a flooding relay could send many, each naming a thousand members); the
 * oldest go first. Event loop only.
 */
final class HeldSenderKeys {
  static final int MAX_KEYS = 256;
  static final long MAX_BYTES = 4L * 1024 * 1024;

  private record Held(Frame.SenderKey key, long bytes) {}

  private final Map<String, Held> byRoomSenderEpoch = new LinkedHashMap<>();
  private long bytes;

  void hold(Frame.SenderKey k) {
    long size = sizeOf(k);
    if (size > MAX_BYTES) {
      return;
    }
    String key = key(k.room(), k.from(), k.epoch());
    drop(byRoomSenderEpoch.remove(key)); // removed first, so a key held again counts as the newest
    byRoomSenderEpoch.put(key, new Held(k, size));
    bytes += size;
    Iterator<Held> oldestFirst = byRoomSenderEpoch.values().iterator();
    while ((bytes > MAX_BYTES || byRoomSenderEpoch.size() > MAX_KEYS) && oldestFirst.hasNext()) {
      bytes -= oldestFirst.next().bytes();
      oldestFirst.remove();
    }
  }

  /** The key held for {@code from}'s {@code epoch} in {@code room}, taken out; null if none. */
  Frame.SenderKey take(String room, String from, String epoch) {
    if (byRoomSenderEpoch.isEmpty()) {
      return null;
    }
    Held h = byRoomSenderEpoch.remove(key(room, from, epoch));
    drop(h);
    return h == null ? null : h.key();
  }

  int size() { return byRoomSenderEpoch.size(); }

  long bytes() { return bytes; }

  private void drop(Held h) {
    if (h != null) {
      bytes -= h.bytes();
    }
  }

  /** About the heap the frame holds: two bytes a char for its strings, and their headers. */
  static long sizeOf(Frame.SenderKey k) {
    long n = 512 + 2L * (k.id().length() + k.room().length() + k.from().length() + k.epoch().length()
        + k.signature().length());
    for (Map.Entry<String, String> e : k.encryptedKeys().entrySet()) {
      n += 96 + 2L * (e.getKey().length() + e.getValue().length());
    }
    return n;
  }

  /** Room names, nicks and epochs hold no newline (the codec checked them). */
  private static String key(String room, String from, String epoch) {
    return room + '\n' + from + '\n' + epoch;
  }
}
