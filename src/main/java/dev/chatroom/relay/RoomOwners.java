package dev.chatroom.relay;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which node sequences a room: the live node with the highest rendezvous score for the room's
 * name, so every node that sees the same members picks the same owner, and a node's death moves
 * only its own rooms. A node that failed a forward is passed over for a while ({@link #suspect}):
 * the next owner takes its rooms at once instead of after Hazelcast notices the death. Two nodes
 * may disagree for a moment; the store keeps seqs unique, so that costs order hints, not frames.
 */
final class RoomOwners {
  /** How long a node that failed a forward is passed over. */
  static final long SUSPECT_MS = 5_000;

  private final String self;
  private final TreeSet<String> live = new TreeSet<>();
  private final Map<String, Long> suspectUntil = new HashMap<>();

  RoomOwners(String self) {
    this.self = self;
    live.add(self);
  }

  String self() { return self; }

  /** The node ids now in the cluster (trusted ones), this node always among them. */
  void live(Set<String> nodes) {
    live.clear();
    live.addAll(nodes);
    live.add(self);
  }

  void gone(String node) {
    if (!node.equals(self)) {
      live.remove(node);
    }
  }

  /** A forward to {@code node} failed: its rooms go to the next owner for {@link #SUSPECT_MS}. */
  void suspect(String node, long nowMs) {
    if (!node.equals(self)) {
      suspectUntil.put(node, nowMs + SUSPECT_MS);
    }
  }

  String ownerOf(String room, long nowMs) {
    String best = self;
    long bestScore = Long.MIN_VALUE;
    for (String node : live) {
      Long until = suspectUntil.get(node);
      if (until != null) {
        if (until > nowMs) {
          continue;
        }
        suspectUntil.remove(node);
      }
      long score = score(room, node);
      if (score > bestScore || score == bestScore && node.compareTo(best) < 0) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }

  Set<String> live() { return Set.copyOf(live); }

  /** FNV-1a over room, a zero byte and node, then a 64-bit finalizer: the same on every JVM. */
  static long score(String room, String node) {
    long h = 0xcbf29ce484222325L;
    for (byte b : room.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h = h * 0x100000001b3L;
    for (byte b : node.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
