package dev.chatroom.relay;

import dev.chatroom.protocol.ErrorCode;
import dev.chatroom.protocol.Frame;
import dev.chatroom.store.StoredFrame;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one version 2 session is sent of its rooms, in order (PROTOCOL.md sections 10-11): per
 * room its welcome first (the room's news held until then), then the stored frames above its
 * cursor (paged, within the slow-consumer bound) and {@code synced}, then live frames, a hole
 * in their seqs read from the store before the next. A reader that falls behind is not cut: its
 * room's live frames pause while its write queue (or the node's output budget) is nearly full
 * and are read from the store once it has drained, like a hole.
 */
final class RoomFeed {
  private static final Logger LOG = LoggerFactory.getLogger(RoomFeed.class);
  /** News of a room held while its welcome is built; past this a second welcome says it all. */
  static final int MAX_HELD_NEWS = 64;

  private final V2Session session;
  private final Connection conn;
  private final V2Relay relay;
  private final SessionRooms rooms;

  RoomFeed(V2Session session, Connection conn, V2Relay relay, SessionRooms rooms) {
    this.session = session;
    this.conn = conn;
    this.relay = relay;
    this.rooms = rooms;
  }

  /** Per room in order: welcome, the stored frames above the cursor, synced; then the room is live. */
  void catchUp(Iterator<String> pending) {
    if (session.isClosed()) {
      return;
    }
    if (!pending.hasNext()) {
      relay.afterEvent();
      return;
    }
    String room = pending.next();
    RoomCursor cursor = rooms.get(room);
    if (cursor == null) { // parted meanwhile
      catchUp(pending);
      return;
    }
    relay.welcome(session, room, relay.rooms().maxSeq(room)).onComplete(w -> {
      if (w.succeeded() && !session.isClosed()) {
        conn.send(w.result());
        welcomeSent(room, cursor);
        relay.afterEvent();
        readPage(room, cursor, pending);
      } else if (!session.isClosed()) {
        failed("read the members of " + room, w.cause());
      }
    });
  }

  private void readPage(String room, RoomCursor cursor, Iterator<String> pending) {
    // every seq known now is committed: a short page proves the rest of them are not for us
    cursor.readTarget = Math.max(cursor.target, relay.rooms().maxSeq(room));
    relay.store().read(room, session.nick(), cursor.lastSeq, relay.catchUpPage()).onComplete(page -> {
      if (session.isClosed() || rooms.get(room) != cursor) {
        catchUp(pending);
      } else if (page.failed()) {
        failed("read the history of " + room, page.cause());
      } else {
        writePage(room, cursor, page.result(), 0, pending);
      }
    });
  }

  /**
   * Writes a page while the socket has room for it; waits (the slow-consumer bound holds) when
   * it has not, then reads on until a short page, and any frame skipped live meanwhile, is written.
   */
  private void writePage(String room, RoomCursor cursor, List<StoredFrame> page, int from, Iterator<String> pending) {
    if (session.isClosed() || rooms.get(room) != cursor) {
      catchUp(pending);
      return;
    }
    for (int i = from; i < page.size(); i++) {
      StoredFrame frame = page.get(i);
      int bytes = frame.bytes().length();
      if (!conn.hasRoomFor(relay.storedNeeds(bytes))) {
        int next = i;
        relay.afterEvent();
        conn.whenRoomFor(relay.resumeNeeds(bytes), () -> writePage(room, cursor, page, next, pending));
        return;
      }
      write(room, cursor, frame.seq(), frame.bytes());
    }
    relay.afterEvent();
    if (page.size() >= relay.catchUpPage()) {
      readPage(room, cursor, pending);
      return;
    }
    cursor.lastSeq = Math.max(cursor.lastSeq, cursor.readTarget);
    if (cursor.target > cursor.lastSeq) { // stored while the read ran: read again
      readPage(room, cursor, pending);
      return;
    }
    cursor.live = true;
    if (!cursor.refill) {
      conn.send(new Frame.Synced(room, cursor.lastSeq));
    }
    cursor.refill = false;
    relay.afterEvent();
    catchUp(pending);
  }

  /** Live seqs jumped (a batch between nodes was lost or overtaken): read the hole from the store. */
  private void refill(String room, RoomCursor cursor, long seq) {
    fromStoreUpTo(cursor, seq);
    readPage(room, cursor, Collections.emptyIterator());
  }

  /**
   * The reader is behind: {@code seq} and the room's next live frames wait in the store (where
   * they are anyway) until its socket has drained, then are read like a hole; nothing is held here.
   */
  private void pause(String room, RoomCursor cursor, long seq, long bytes) {
    relay.stats().livePauses.increment();
    fromStoreUpTo(cursor, seq);
    conn.whenRoomFor(relay.resumeNeeds(bytes), () -> readPage(room, cursor, Collections.emptyIterator()));
  }

  /** The room's frames up to {@code seq}, and the live ones after it, come from the store until caught up (no synced). */
  private static void fromStoreUpTo(RoomCursor cursor, long seq) {
    cursor.live = false;
    cursor.refill = true;
    cursor.target = seq;
  }

  private void failed(String what, Throwable cause) {
    LOG.warn("could not {} for {}: {}", what, session.nick(), cause == null ? "?" : cause.getMessage());
    conn.error(ErrorCode.INTERNAL, "the relay could not read its store; reconnect to catch up", null);
    conn.close(CloseReason.ERROR);
    relay.afterEvent();
  }

  void sendWelcome(String room) {
    conn.hold(); // frames after the join wait until the welcome is out
    RoomCursor joining = rooms.get(room);
    long seq = joining != null && joining.joining ? joining.lastSeq : relay.rooms().maxSeq(room);
    relay.welcome(session, room, seq).onComplete(w -> {
      if (!session.isClosed()) {
        if (w.succeeded()) {
          conn.send(w.result());
          RoomCursor cursor = rooms.get(room);
          if (cursor != null) {
            welcomeSent(room, cursor);
          }
        } else {
          conn.errorInRoom(ErrorCode.INTERNAL, "could not read the room's members; try again", null, room);
        }
      }
      conn.release();
      relay.afterEvent();
    });
  }

  /**
   * The room's welcome is out: the news held while it was built follows it (or, if more came
   * than is held, a second welcome does), and a new member's frames stored meanwhile are read.
   */
  private void welcomeSent(String room, RoomCursor cursor) {
    if (cursor.welcomed) {
      return;
    }
    if (cursor.heldOverflowed) { // nothing is held then: the second welcome reads it all
      cursor.heldOverflowed = false;
      sendWelcome(room);
      return;
    }
    cursor.welcomed = true;
    if (cursor.held != null) {
      cursor.held.forEach(conn::send);
      cursor.held = null;
    }
    if (cursor.joining) {
      cursor.joining = false;
      readPage(room, cursor, Collections.emptyIterator());
    }
  }

  /** Joined, left or presence news of {@code room}: never before the room's first welcome. */
  void news(String room, Frame frame) {
    RoomCursor cursor = rooms.get(room);
    if (cursor == null || cursor.welcomed) {
      conn.send(frame);
      return;
    }
    if (cursor.heldOverflowed) {
      return; // the second welcome will say it
    }
    if (cursor.held == null) {
      cursor.held = new ArrayList<>(4);
    }
    if (cursor.held.size() < MAX_HELD_NEWS) {
      cursor.held.add(frame);
    } else {
      cursor.heldOverflowed = true;
      cursor.held = null;
    }
  }

  /**
   * A frame stored in {@code room}, live; every stored seq of the room comes here, {@code delivery}
   * (shared by every recipient on this node) null when it is not for this connection. Written
   * unless this room is catching up (or its welcome is not out yet); a seq past the next one (or one whose bytes this node lacks, {@code known} false) means a frame
   * was missed here, so the store fills the hole first and order holds.
   */
  void offer(String room, long seq, SharedLine delivery, boolean known) {
    RoomCursor cursor = rooms.get(room);
    if (cursor == null || !session.authenticated()) {
      return;
    }
    if (!cursor.live) {
      cursor.target = Math.max(cursor.target, seq); // the catch-up reads it
      return;
    }
    if (seq <= cursor.lastSeq) {
      return;
    }
    if (seq != cursor.lastSeq + 1 || !known) {
      refill(room, cursor, seq);
      return;
    }
    if (delivery != null && !conn.hasRoomFor(relay.storedNeeds(delivery.length()))) {
      pause(room, cursor, seq, delivery.length());
      return;
    }
    cursor.lastSeq = seq;
    if (delivery != null) {
      conn.deliver(delivery);
    }
  }

  private void write(String room, RoomCursor cursor, long seq, Buffer bytes) {
    if (seq > cursor.lastSeq) {
      cursor.lastSeq = seq;
      conn.deliverWrapped(relay.deliveryHead(room, seq), bytes);
    }
  }
}
