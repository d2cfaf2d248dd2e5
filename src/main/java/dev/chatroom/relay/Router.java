package dev.chatroom.relay;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Routes version 1 messages. Each named recipient is resolved once per message, from this
 * node's replica, into a {@link Route}: written here at once (no event-bus hop), batched for
 * its node, or reported missing in the ack. A task's batches go out at its end, one per
 * (node, room), so a message crosses the cluster once per node, never once per recipient.
 */
final class Router {
  /** Something on this node a relayed line can be written to (a connection). */
  interface Recipient {
    void deliver(Buffer line);

    /** The same, for a line many recipients share: a connection writes the shared copy. */
    default void deliver(SharedLine line) { deliver(line.line()); }
  }

  /** Where one named recipient of one message is. */
  sealed interface Route permits Route.Missing, Route.Here, Route.There, Route.Closing {
    /** Not in the room (or the sender itself): named in the ack's {@code missing}. */
    record Missing() implements Route {}

    /** Connected to this node. */
    record Here(Recipient to) implements Route {}

    /** Connected to another node. */
    record There(String node) implements Route {}

    /** Still a member held by this node, its connection already gone: in the room, written nowhere. */
    record Closing() implements Route {}
  }

  /** Finds the member holding a nick in a room, as the replica knows it (or null). */
  interface Locator {
    Membership.Member find(String room, String nick);
  }

  private static final Route MISSING = new Route.Missing();
  private static final Route CLOSING = new Route.Closing();

  private final String self;
  private final Locator members;
  private final Function<String, Map<String, ? extends Recipient>> local;
  private final Map<String, Map<String, RoomBatch>> outgoing = new LinkedHashMap<>(); // node -> room -> batch

  Router(String self, Locator members, Function<String, Map<String, ? extends Recipient>> local) {
    this.self = self;
    this.members = members;
    this.local = local;
  }

  /** Where {@code nick} is, for a message {@code from} sends to {@code room}. */
  Route resolve(String room, String from, String nick, Map<String, ? extends Recipient> here) {
    if (nick.equals(from)) {
      return MISSING; // a sender never gets its own message back
    }
    Membership.Member m = members.find(room, nick);
    if (m == null) {
      return MISSING;
    }
    if (!m.node().equals(self)) {
      return new Route.There(m.node());
    }
    Recipient to = here.get(nick);
    return to == null ? CLOSING : new Route.Here(to);
  }

  /**
   * Writes {@code line} to the recipients here and batches it for the others' nodes; returns
   * the named recipients that are not in the room.
   */
  List<String> route(String room, String from, List<String> recipients, Buffer line) {
    Map<String, ? extends Recipient> here = local.apply(room);
    List<String> missing = new ArrayList<>(0);
    Map<String, List<String>> byNode = null;
    SharedLine shared = new SharedLine(line);
    try {
      for (String nick : recipients) {
        Route route = resolve(room, from, nick, here);
        if (route instanceof Route.Here h) {
          h.to().deliver(shared);
        } else if (route instanceof Route.There t) {
          if (byNode == null) {
            byNode = new LinkedHashMap<>(4); // nodes in the order first named: deterministic sends
          }
          byNode.computeIfAbsent(t.node(), n -> new ArrayList<>()).add(nick);
        } else if (route instanceof Route.Missing) {
          missing.add(nick);
        }
      }
    } finally {
      shared.release();
    }
    if (byNode != null) {
      byNode.forEach((node, nicks) -> outgoing.computeIfAbsent(node, n -> new LinkedHashMap<>())
          .computeIfAbsent(room, RoomBatch::new).add(line, nicks));
    }
    return missing;
  }

  /** A batch another node sent here: each entry to its recipients still connected here. */
  void arrived(RoomBatch batch) {
    Map<String, ? extends Recipient> here = local.apply(batch.room);
    if (here.isEmpty()) {
      return;
    }
    for (RoomBatch.Entry entry : batch.entries) {
      SharedLine shared = new SharedLine(entry.line());
      try {
        for (String nick : entry.recipients()) {
          Recipient to = here.get(nick);
          if (to != null) {
            to.deliver(shared);
          }
        }
      } finally {
        shared.release();
      }
    }
  }

  /** Hands this task's batches to {@code send}, one per (node, room), and forgets them. */
  void flush(BiConsumer<String, RoomBatch> send) {
    if (outgoing.isEmpty()) {
      return;
    }
    outgoing.forEach((node, rooms) -> rooms.values().forEach(batch -> send.accept(node, batch)));
    outgoing.clear();
  }
}
