package dev.chatroom.bench;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Fernet;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.KeyWrap;
import dev.chatroom.crypto.Signatures;
import dev.chatroom.crypto.SigningInput;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Builds the message lines a sender writes. Without real crypto each sender has one template
 * with random bytes where the ciphertexts go, of the sizes real ones would have (the relay
 * cannot tell), and only the id and {@code sent} change; with it, each message is really sealed.
 */
final class MessageFactory {
  private static final long SENT_PLACEHOLDER = 1_000_000_000_000L; // 13 digits, as now
  private static final int SENT_DIGITS = 13;

  private static final String EPOCH = "0123456789abcdef0123456789abcdef";

  private final Workload workload;
  private final Identity identity;
  private final Roster roster;
  private final byte[][] templates;
  private final byte[][] senderKeys;
  private final int[] idAt;
  private final int[] sentAt;
  private final int frameBytes;

  MessageFactory(Workload workload, Identity identity) {
    this(workload, identity, Roster.V1, Wire.V1);
  }

  /**
   * Version 1 and the forwarder and sink get {@code message} lines; version 2 gets constant-size
   * {@code group_message} lines (and one {@code sender_key} per sender); Redis gets PUBLISH
   * commands whose payload is that same group_message line.
   */
  MessageFactory(Workload workload, Identity identity, Roster roster, Wire wire) {
    this.workload = workload;
    this.identity = identity;
    this.roster = roster;
    templates = new byte[workload.senders()][];
    senderKeys = new byte[workload.senders()][];
    idAt = new int[workload.senders()];
    sentAt = new int[workload.senders()];
    SplittableRandom random = new SplittableRandom(42);
    int frame = 0;
    for (int s = 0; s < workload.senders(); s++) {
      String id = MessageIds.text(MessageIds.high(s, 0), MessageIds.low(0));
      String from = roster.nick(s);
      String token = randomBase64(random, fernetTokenBytes(workload.payloadBytes()), true);
      String signature = randomBase64(random, 64, false);
      byte[] line = FrameCodec.encode(wire.groupFrames()
          ? new Frame.GroupMessage(id, roster.room(), from, SENT_PLACEHOLDER, EPOCH, 0, token, signature)
          : new Frame.Message(id, roster.room(), from, SENT_PLACEHOLDER, token,
              recipients(s, n -> randomBase64(random, workload.rsaBits() / 8, false)), signature));
      frame = line.length;
      templates[s] = wire == Wire.REDIS ? Resp.publish(roster.channel(s), Arrays.copyOf(line, line.length - 1)) : line;
      idAt[s] = indexOf(templates[s], "\"id\":\"") + 6;
      sentAt[s] = indexOf(templates[s], "\"sent\":") + 7;
      if (wire.v2()) {
        senderKeys[s] = FrameCodec.encode(new Frame.SenderKey(java.util.UUID.randomUUID().toString(),
            roster.room(), from, System.currentTimeMillis(), EPOCH, 0,
            recipients(s, n -> randomBase64(random, workload.rsaBits() / 8, false)), signature));
      }
    }
    frameBytes = frame;
  }

  /** The size of one message frame line, newline included (for Redis: its payload plus one). */
  int lineBytes() { return frameBytes; }

  /** The bytes written per message, e.g. with Redis's command around the frame. */
  int writeBytes() { return templates[0].length; }

  /** Version 2: sender {@code s}'s one {@code sender_key} line, naming every other member. */
  byte[] senderKey(int s) { return senderKeys[s]; }

  /** Appends sender {@code s}'s message number {@code seq} to {@code out}. */
  void write(ByteBuffer out, int s, long seq, long intendedNanos) throws CryptoException {
    long high = MessageIds.high(s, seq);
    long low = MessageIds.low(intendedNanos);
    if (workload.realCrypto()) { // version 1 only (the command refuses it with other targets)
      out.put(FrameCodec.encode(seal(s, MessageIds.text(high, low))));
      return;
    }
    byte[] t = templates[s];
    int at = out.position();
    out.put(t);
    byte[] a = out.array();
    int base = out.arrayOffset() + at;
    MessageIds.write(a, base + idAt[s], high, low);
    long sent = System.currentTimeMillis();
    for (int i = SENT_DIGITS - 1; i >= 0; i--) {
      a[base + sentAt[s] + i] = (byte) ('0' + sent % 10);
      sent /= 10;
    }
  }

  /** PROTOCOL.md section 5 "Building it", with our own id (MessageSealer picks a random one). */
  private Frame.Message seal(int s, String id) throws CryptoException {
    byte[] payload = new byte[workload.payloadBytes()];
    byte[] head = "{\"text\":\"".getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(payload, (byte) 'x');
    System.arraycopy(head, 0, payload, 0, head.length);
    payload[payload.length - 2] = '"';
    payload[payload.length - 1] = '}';
    String fernetKey = Fernet.generateKey();
    String token = Fernet.encrypt(fernetKey, payload);
    byte[] keyBytes = fernetKey.getBytes(StandardCharsets.US_ASCII);
    PublicKey rsa = identity.rsa().getPublic();
    TreeMap<String, String> wrapped = new TreeMap<>(SigningInput.BYTE_ORDER);
    for (int r = 0; r < workload.roomSize(); r++) {
      if (r != s) {
        wrapped.put(roster.nick(r), Base64.getEncoder().encodeToString(KeyWrap.wrap(rsa, keyBytes)));
      }
    }
    long sent = System.currentTimeMillis();
    String from = roster.nick(s);
    byte[] signature = Signatures.sign(identity.ed25519().getPrivate(),
        SigningInput.of(roster.room(), from, id, sent, token, wrapped));
    return new Frame.Message(id, roster.room(), from, sent, token, wrapped,
        Base64.getEncoder().encodeToString(signature));
  }

  private TreeMap<String, String> recipients(int sender, java.util.function.IntFunction<String> key) {
    TreeMap<String, String> keys = new TreeMap<>(SigningInput.BYTE_ORDER);
    for (int r = 0; r < workload.roomSize(); r++) {
      if (r != sender) {
        keys.put(roster.nick(r), key.apply(r));
      }
    }
    return keys;
  }

  /** Bytes of a Fernet token for {@code plaintext} bytes: header, padded blocks, HMAC. */
  static int fernetTokenBytes(int plaintext) {
    return 1 + 8 + 16 + (plaintext / 16 + 1) * 16 + 32;
  }

  private static String randomBase64(SplittableRandom random, int bytes, boolean url) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return (url ? Base64.getUrlEncoder() : Base64.getEncoder()).encodeToString(b);
  }

  private static int indexOf(byte[] hay, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i <= hay.length - n.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (hay[i + j] != n[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("template lacks " + needle);
  }

}
