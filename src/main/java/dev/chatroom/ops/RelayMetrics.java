package dev.chatroom.ops;

import dev.chatroom.protocol.ErrorCode;
import dev.chatroom.relay.CloseReason;
import dev.chatroom.relay.RelayStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exposes a relay's {@link RelayStats} as Micrometer meters read at scrape time, plus JVM memory,
 * GC and threads. Labels are only reasons and error codes: never a nick, room or address.
 */
public final class RelayMetrics implements AutoCloseable {
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private RelayMetrics() {}

  public static RelayMetrics bind(MeterRegistry registry, RelayStats stats) {
    counter(registry, "chatroom.connections.accepted", "Client connections accepted", stats.accepted);
    gauge(registry, "chatroom.connections.open", "Client connections open now", stats.open);
    for (CloseReason reason : CloseReason.values()) {
      FunctionCounter.builder("chatroom.connections.closed", stats.closed(reason), LongAdder::doubleValue)
          .description("Client connections closed, by reason").tag("reason", reason.label()).register(registry);
    }
    counter(registry, "chatroom.slow.consumer.disconnects", "Clients cut off for not reading",
        stats.closed(CloseReason.SLOW_CONSUMER));
    Gauge.builder("chatroom.members", stats.members, Number::doubleValue)
        .description("Members in all rooms of the cluster").register(registry);
    Gauge.builder("chatroom.rooms", stats.rooms, Number::doubleValue)
        .description("Rooms with at least one member").register(registry);
    counter(registry, "chatroom.joins", "Successful joins", stats.joins);
    counter(registry, "chatroom.messages.in", "Message frames received from clients", stats.messagesIn);
    counter(registry, "chatroom.messages.out", "Message frames delivered to clients", stats.messagesDelivered);
    counter(registry, "chatroom.bytes.in", "Bytes read from clients", stats.bytesIn);
    counter(registry, "chatroom.bytes.out", "Bytes written to clients", stats.bytesOut);
    counter(registry, "chatroom.acks", "Acks sent to senders", stats.acks);
    counter(registry, "chatroom.frames.rate.limited", "Frames refused by the rate limit", stats.rateLimited);
    counter(registry, "chatroom.live.pauses", "Times a version 2 room paused its live frames to a reader behind (read from the store later)",
        stats.livePauses);
    counter(registry, "chatroom.bus.batches.out", "Room batches sent on the event bus, one per node with recipients", stats.busBatchesOut);
    counter(registry, "chatroom.bus.batches.in", "Room batches received from the event bus", stats.busBatchesIn);
    for (ErrorCode code : ErrorCode.values()) {
      FunctionCounter.builder("chatroom.errors", stats.errors(code), LongAdder::doubleValue)
          .description("Error frames sent, by code").tag("code", code.wire())
          .register(registry);
    }
    RelayMetrics metrics = new RelayMetrics();
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    metrics.gc.bindTo(registry);
    return metrics;
  }

  private static void counter(MeterRegistry registry, String name, String help, LongAdder adder) {
    FunctionCounter.builder(name, adder, LongAdder::doubleValue).description(help).register(registry);
  }

  private static void gauge(MeterRegistry registry, String name, String help, LongAdder adder) {
    Gauge.builder(name, adder, LongAdder::doubleValue).description(help).register(registry);
  }

  /** Stops listening for GC notifications. */
  @Override
  public void close() { gc.close(); }
}
