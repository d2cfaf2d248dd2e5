package dev.chatroom.crypto.senderkey;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** My current epoch per room, at most one each. Thread-safe as a map; each chain has one owner. */
public final class SenderChains {
  /** Matches the relay's largest max_rooms_per_member default, with room to spare. */
  public static final int MAX_ROOMS = 1_000;

  private final TreeMap<String, SenderChain> byRoom = new TreeMap<>();

  public synchronized Optional<SenderChain> get(String room) {
    return Optional.ofNullable(byRoom.get(room));
  }

  /** Ends the room's epoch (its CK wiped) and starts a fresh one, held by nobody yet. */
  public synchronized SenderChain rotate(String room, Clock clock) {
    if (!byRoom.containsKey(room) && byRoom.size() >= MAX_ROOMS) {
      throw new IllegalStateException("sender chains are kept for at most " + MAX_ROOMS + " rooms");
    }
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
