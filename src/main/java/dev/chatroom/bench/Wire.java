package dev.chatroom.bench;

/** How the load generator talks to a target, and so what it sends and expects back. */
enum Wire {
  /** The relay, version 1: hello, {@code message} frames naming every recipient, acks. */
  V1("v1"),
  /** The relay, version 2: challenge and auth, one {@code sender_key}, {@code group_message}s, deliveries. */
  V2("v2"),
  /** Version 2 on a relay of its own with a SQLite store in a temporary folder (store cost, same run). */
  V2_SQLITE("v2-sqlite"),
  /** Version 2 on a relay of its own with the PostgreSQL store given by {@code --postgres}. */
  V2_POSTGRES("v2-postgres"),
  /** {@link BaselineForwarder}: version 1 lines, no hello, no acks. */
  FORWARDER("forwarder"),
  /** Redis pub/sub: one channel per sender, group_message-sized payloads, RESP by hand. */
  REDIS("redis"),
  /** {@link SinkServer}: version 1 lines that nobody reads back; what the generator alone sends. */
  SINK("sink");

  final String label;

  Wire(String label) { this.label = label; }

  /** A version 2 relay, whatever its store. */
  boolean v2() { return this == V2 || this == V2_SQLITE || this == V2_POSTGRES; }

  /** The relay answers every stored frame with an ack. */
  boolean acks() { return this == V1 || v2(); }

  /** Members that receive send pings against the relay's idle timeout. */
  boolean pings() { return acks(); }

  /** Frames of version 2's constant size rather than version 1's per-recipient keys. */
  boolean groupFrames() { return v2() || this == REDIS; }

  static Wire parse(String text) {
    for (Wire w : values()) {
      if (w.label.equals(text)) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown target '" + text + "': v1, v2, v2-sqlite, v2-postgres, forwarder, redis or sink");
  }
}
