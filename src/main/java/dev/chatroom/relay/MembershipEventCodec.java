package dev.chatroom.relay;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * Wire form of a {@link MembershipEvent} between nodes: a format version, the kind, then the
 * member's six fields in a fixed order, each as a length and UTF-8 bytes. A node refuses a
 * version it does not know (fail closed) instead of guessing at its fields; see docs/CLUSTER.md
 * for upgrading. A delivery on the same node passes the (immutable) record itself.
 */
final class MembershipEventCodec implements MessageCodec<MembershipEvent, MembershipEvent> {
  static final String NAME = "chatroom-membership-event";
  static final byte VERSION = 1;
  private static final byte JOINED = 1;
  private static final byte LEFT = 2;
  // far above any real field (an RSA-4096 key in PEM is ~800 bytes): a corrupt length fails fast
  private static final int MAX_FIELD_BYTES = 64 * 1024;

  @Override
  public void encodeToWire(Buffer out, MembershipEvent event) {
    Membership.Member m = event.member();
    out.appendByte(VERSION);
    out.appendByte(event instanceof MembershipEvent.Joined ? JOINED : LEFT);
    for (String field : new String[] {m.room(), m.nick(), m.encKey(), m.sigKey(), m.node(), m.session()}) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      out.appendInt(bytes.length);
      out.appendBytes(bytes);
    }
  }

  @Override
  public MembershipEvent decodeFromWire(int pos, Buffer in) {
    int version = in.getByte(pos);
    if (version != VERSION) {
      throw new IllegalArgumentException("membership event format " + version + " is not " + VERSION
          + ": every node of a cluster must run the same relay version");
    }
    byte kind = in.getByte(pos + 1);
    int[] at = {pos + 2};
    Membership.Member m = new Membership.Member(field(in, at), field(in, at), field(in, at), field(in, at),
        field(in, at), field(in, at));
    if (kind == JOINED) {
      return new MembershipEvent.Joined(m);
    }
    if (kind == LEFT) {
      return new MembershipEvent.Left(m);
    }
    throw new IllegalArgumentException("unknown membership event kind " + kind);
  }

  private static String field(Buffer in, int[] at) {
    int length = in.getInt(at[0]);
    if (length < 0 || length > MAX_FIELD_BYTES || at[0] + 4 + length > in.length()) {
      throw new IllegalArgumentException("membership event field of " + length + " bytes does not fit the event");
    }
    String s = in.getString(at[0] + 4, at[0] + 4 + length, "UTF-8");
    at[0] += 4 + length;
    return s;
  }

  @Override
  public MembershipEvent transform(MembershipEvent event) { return event; } // records: immutable

  @Override
  public String name() { return NAME; }

  @Override
  public byte systemCodecID() { return -1; }
}
