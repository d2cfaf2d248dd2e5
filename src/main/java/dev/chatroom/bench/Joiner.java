package dev.chatroom.bench;

import dev.chatroom.crypto.AuthChallenge;
import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Identity;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/** Brings one member of a run into its room, the way its target wants. */
final class Joiner {
  private static final List<KeyPair> SIGNING_KEYS = new ArrayList<>();
  private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

  private Joiner() {}

  /** Version 1: hello with the room; returns the welcome line. */
  static String v1(LoadClient c, Identity identity, Roster roster, long deadline) throws IOException {
    Frame hello = new Frame.Hello(1, c.nick, roster.room(), identity.encKey(), identity.sigKey());
    c.writeFully(ByteBuffer.wrap(FrameCodec.encode(hello)), deadline);
    return c.awaitLine("{\"type\":\"welcome\"", deadline);
  }

  /**
   * Version 2: hello, the challenge answered with auth, ready, join, welcome. Each member is an
   * identity of its own (one identity has one connection): the shared RSA key with an Ed25519
   * key of its own, so the keys cost one RSA generation per run, not one per member.
   */
  static void v2(LoadClient c, Identity shared, Roster roster, long deadline) throws IOException, CryptoException {
    Identity me = new Identity(shared.rsa(), signingKey(c.index));
    c.writeFully(ByteBuffer.wrap(FrameCodec.encode(
        new Frame.Hello(2, c.nick, null, me.encKey(), me.sigKey(), null))), deadline);
    String challenge = c.awaitLine("{\"type\":\"challenge\"", deadline);
    Frame.Challenge ch;
    try {
      ch = (Frame.Challenge) FrameCodec.decode(challenge.getBytes(StandardCharsets.UTF_8));
    } catch (ProtocolException e) {
      throw new IOException("the relay sent a bad challenge: " + e.getMessage());
    }
    String signature = new AuthChallenge(ch.nonce()).sign(me, c.nick);
    c.writeFully(ByteBuffer.wrap(FrameCodec.encode(new Frame.Auth(signature))), deadline);
    c.awaitLine("{\"type\":\"ready\"", deadline);
    c.writeFully(ByteBuffer.wrap(FrameCodec.encode(new Frame.Join(roster.room()))), deadline);
    c.awaitLine("{\"type\":\"welcome\"", deadline);
  }

  /** Redis: a subscriber on every sender's channel but its own; waits for each confirmation. */
  static void redisSubscriber(LoadClient c, Roster roster, int senders, long deadline) throws IOException {
    List<String> channels = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      if (s != c.index) {
        channels.add(roster.channel(s));
      }
    }
    c.writeFully(ByteBuffer.wrap(Resp.subscribe(channels)), deadline);
    for (int i = 0; i < channels.size(); i++) {
      c.awaitLine("subscribe\r", deadline); // "*3 $9 subscribe $N channel :count", one per channel
    }
  }

  /** Member {@code i}'s Ed25519 key pair, made once per JVM and reused by every run. */
  private static synchronized KeyPair signingKey(int i) throws CryptoException {
    try {
      KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519", BC);
      while (SIGNING_KEYS.size() <= i) {
        SIGNING_KEYS.add(ed.generateKeyPair());
      }
      return SIGNING_KEYS.get(i);
    } catch (NoSuchAlgorithmException e) {
      throw new CryptoException("Ed25519 is not available", e);
    }
  }
}
