package dev.chatroom.store;

/** The frame types the relay stores (PROTOCOL.md section 11), by their wire name. */
public enum FrameKind {
  MESSAGE("message"),
  GROUP_MESSAGE("group_message"),
  SENDER_KEY("sender_key");

  private final String wire;

  FrameKind(String wire) { this.wire = wire; }

  public String wire() { return wire; }

  public static FrameKind ofWire(String type) {
    for (FrameKind k : values()) {
      if (k.wire.equals(type)) {
        return k;
      }
    }
    throw new IllegalArgumentException("not a stored frame type: " + type);
  }
}
