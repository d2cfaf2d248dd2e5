package dev.chatroom.crypto.senderkey;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * My current epoch per room, at most one each. Beyond {@value #MAX_ROOMS} rooms the least
 * recently used epoch is dropped, which is always safe: that room's next line starts a new one.
 * Thread-safe as a map; each chain has one owner.
 */
public final class SenderChains {
  /** The relay's default max_rooms_per_member; bounds the state file. */
  public static final int MAX_ROOMS = 100;

  private final LinkedHashMap<String, SenderChain> byRoom = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, SenderChain> eldest) {
      if (size() <= MAX_ROOMS) {
        return false;
      }
      eldest.getValue().destroy();
      return true;
    }
  };

  public synchronized Optional<SenderChain> get(String room) {
    return Optional.ofNullable(byRoom.get(room));
  }

  /** Ends the room's epoch (its CK wiped) and starts a fresh one, held by nobody yet. */
  public synchronized SenderChain rotate(String room, Clock clock) {
    SenderChain fresh = SenderChain.start(room, clock);
    SenderChain old = byRoom.put(room, fresh);
    if (old != null) {
      old.destroy();
    }
    return fresh;
  }

  /** After I part a room: nothing more is sealed there under this epoch. */
  public synchronized void remove(String room) {
    SenderChain old = byRoom.remove(room);
    if (old != null) {
      old.destroy();
    }
  }

  /** A {@code left}/{@code parted} in {@code room}: forces a new epoch if {@code nick} held mine. */
  public synchronized void memberDeparted(String room, String nick) {
    SenderChain c = byRoom.get(room);
    if (c != null) {
      c.memberDeparted(nick);
    }
  }

  synchronized List<SenderChain> all() {
    return new ArrayList<>(byRoom.values());
  }

  synchronized void restore(SenderChain chain) {
    byRoom.put(chain.room(), chain);
  }
}
