package dev.chatroom.protocol;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/** Seeded random valid frames of every version 2 shape, edge values included, for the round-trip property. */
final class V2FrameGenerator {
  private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
  private static final long[] EDGES = {0, 1, 1041, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Long.MAX_VALUE};

  private final Random random;

  V2FrameGenerator(long seed) { this.random = new Random(seed); }

  Frame next() {
    switch (random.nextInt(20)) {
      case 0: return new Frame.Hello(2, nick(), null, text(), text(), random.nextBoolean() ? null : since());
      case 1: return new Frame.Challenge(base64(32));
      case 2: return new Frame.Auth(base64(64));
      case 3: return new Frame.Ready(nick(), rooms());
      case 4: return new Frame.Part(room());
      case 5: return new Frame.Parted(room());
      case 6: return new Frame.Presence(room(), nick(), random.nextBoolean());
      case 7: return new Frame.Synced(room(), count());
      case 8: return new Frame.Welcome(nick(), room(), members(), count());
      case 9: return new Frame.Joined(nick(), text(), text(), room(), 1 + random.nextInt(2));
      case 10: return new Frame.Left(nick(), room());
      case 11: return new Frame.Ack(UUID.randomUUID().toString(), nicks(), room(), count());
      case 12: return new Frame.Error(text(), text(), random.nextBoolean() ? null : UUID.randomUUID().toString(), room());
      case 13: return new Frame.Join(room());
      case 14: case 15: return stored(room());
      default: {
        String room = room();
        return new Frame.Delivery(room, count(), stored(room));
      }
    }
  }

  /** A frame the relay stores: message, group_message or sender_key. */
  Frame stored(String room) {
    String id = UUID.randomUUID().toString();
    long sent = random.nextBoolean() ? 1764130000123L + random.nextInt(1000) : EDGES[random.nextInt(EDGES.length)] * (random.nextBoolean() ? 1 : -1);
    switch (random.nextInt(3)) {
      case 0: return new Frame.Message(id, room, nick(), sent, token(), keys(), base64(64));
      case 1: return new Frame.GroupMessage(id, room, nick(), sent, epoch(), count(), token(), base64(64));
      default: return new Frame.SenderKey(id, room, nick(), sent, epoch(), count(), keys(), base64(64));
    }
  }

  String nick() { return name(32); }

  String room() { return name(64); }

  private String name(int max) {
    int length = random.nextInt(4) == 0 ? max : 1 + random.nextInt(max);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    }
    return b.toString();
  }

  private long count() { return random.nextBoolean() ? EDGES[random.nextInt(EDGES.length)] : random.nextInt(100_000); }

  /** Any text, quotes, escapes, controls and astral characters included (no lone surrogates). */
  private String text() {
    StringBuilder b = new StringBuilder();
    int length = random.nextInt(24);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(6)) {
        case 0: b.append((char) random.nextInt(0x20)); break;
        case 1: b.append("\"\\/\n\u2028\u202e\u007f"); break;
        case 2: b.appendCodePoint(0x1F600 + random.nextInt(50)); break;
        case 3: b.append((char) (0xA0 + random.nextInt(0xD000))); break;
        default: b.append((char) (0x20 + random.nextInt(0x5f)));
      }
    }
    return b.toString();
  }

  private String base64(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private String token() {
    byte[] b = new byte[1 + random.nextInt(120)];
    random.nextBytes(b);
    Base64.Encoder e = random.nextBoolean() ? Base64.getUrlEncoder() : Base64.getUrlEncoder().withoutPadding();
    return e.encodeToString(b);
  }

  private String epoch() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      b.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return b.toString();
  }

  private TreeMap<String, String> keys() {
    TreeMap<String, String> keys = new TreeMap<>();
    int n = 1 + random.nextInt(5);
    for (int i = 0; i < n; i++) {
      keys.put(nick(), base64(256));
    }
    return keys;
  }

  private TreeMap<String, Long> since() {
    TreeMap<String, Long> since = new TreeMap<>();
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      since.put(room(), count());
    }
    return since;
  }

  private List<String> rooms() {
    List<String> rooms = new ArrayList<>();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      rooms.add(room());
    }
    return rooms;
  }

  private List<String> nicks() {
    List<String> nicks = new ArrayList<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      nicks.add(nick());
    }
    return nicks;
  }

  private List<Frame.Member> members() {
    List<Frame.Member> members = new ArrayList<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      members.add(new Frame.Member(nick(), text(), text(), 1 + random.nextInt(2), random.nextBoolean()));
    }
    return members;
  }
}
