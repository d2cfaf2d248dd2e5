package dev.chatroom.relay;

import dev.chatroom.protocol.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one relay node, written on its event loop and read by the metrics endpoint. */
public final class RelayStats {
  public final LongAdder accepted = new LongAdder();
  public final LongAdder open = new LongAdder();
  public final LongAdder joins = new LongAdder();
  public final LongAdder messagesIn = new LongAdder();
  public final LongAdder messagesDelivered = new LongAdder();
  public final LongAdder bytesIn = new LongAdder();
  public final LongAdder bytesOut = new LongAdder();
  public final LongAdder acks = new LongAdder();
  public final LongAdder rateLimited = new LongAdder();
  /** Times a version 2 room stopped its live frames to a reader that fell behind (read from the store later). */
  public final LongAdder livePauses = new LongAdder();
  public final LongAdder busBatchesOut = new LongAdder();
  public final LongAdder busBatchesIn = new LongAdder();
  /** Members and rooms in this node's replica (cluster-wide), set on the event loop after each change. */
  public final AtomicInteger members = new AtomicInteger();
  public final AtomicInteger rooms = new AtomicInteger();
  private final Map<CloseReason, LongAdder> closed = new EnumMap<>(CloseReason.class);
  private final Map<ErrorCode, LongAdder> errors = new EnumMap<>(ErrorCode.class);

  public RelayStats() {
    for (CloseReason r : CloseReason.values()) {
      closed.put(r, new LongAdder());
    }
    for (ErrorCode c : ErrorCode.values()) {
      errors.put(c, new LongAdder());
    }
  }

  public LongAdder closed(CloseReason reason) { return closed.get(reason); }

  public LongAdder errors(ErrorCode code) { return errors.get(code); }
}
