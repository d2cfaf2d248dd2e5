package dev.chatroom.bench;

import dev.chatroom.crypto.AuthChallenge;
import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Identity;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Brings many version 2 members online for {@link IdleProbe}, in batches on one selector: hello,
 * the challenge answered with auth, ready, join, welcome. Each member is an identity of its own
 * (the shared RSA key with an Ed25519 key of its own). Members that are in keep reading (and
 * discarding) what the relay sends them, so later joins in a shared room never make one a
 * slow consumer, and answer its pings, so its idle check keeps them.
 */
final class IdleV2Members {
  private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();
  private static final int PER_SOURCE = 20_000;

  private enum Step { CHALLENGE, READY, WELCOME, IN }

  /** One member's socket and where it is in the handshake. */
  private static final class Member {
    final SocketChannel channel;
    final String nick;
    final String room;
    final Identity identity;
    final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    Step step = Step.CHALLENGE;
    String last = "none";

    Member(SocketChannel channel, String nick, String room, Identity identity) {
      this.channel = channel;
      this.nick = nick;
      this.room = room;
      this.identity = identity;
    }
  }

  private final Selector selector;
  private final Identity shared;
  private final int roomSize;
  private final String tag = Long.toString(System.nanoTime() % 100_000, 36); // fresh nicks per run
  private final ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
  private final KeyPairGenerator ed;
  private boolean readSomething; // in the last poll

  /** {@code roomSize} 1: a room of its own each; N: rooms of N members; the count: one shared room. */
  IdleV2Members(Identity shared, int roomSize) throws IOException {
    this.selector = Selector.open();
    this.shared = shared;
    this.roomSize = roomSize;
    try {
      this.ed = KeyPairGenerator.getInstance("Ed25519", BC);
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("Ed25519 is not available", e);
    }
  }

  /** Members {@code from} (inclusive) to {@code to} come online; returns once every one has its welcome. */
  void joinBatch(InetSocketAddress server, int from, int to, List<SocketChannel> open) throws IOException, CryptoException {
    List<Identity> identities = new ArrayList<>();
    for (int i = from; i < to; i++) { // made before connecting: the relay's join timeout runs from the connect
      identities.add(new Identity(shared.rsa(), ed.generateKeyPair()));
    }
    int pending = 0;
    for (int i = from; i < to; i++) {
      SocketChannel ch = SocketChannel.open();
      open.add(ch);
      ch.bind(new InetSocketAddress("127.0.0." + (1 + i / PER_SOURCE), 0));
      ch.connect(server);
      ch.configureBlocking(false);
      Identity me = identities.get(i - from);
      Member m = new Member(ch, "v" + tag + "x" + i, "idle" + tag + "r" + (i / roomSize), me);
      write(m, new Frame.Hello(2, m.nick, null, me.encKey(), me.sigKey(), null));
      ch.register(selector, SelectionKey.OP_READ, m);
      pending++;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (pending > 0) {
      if (System.nanoTime() > deadline) {
        throw new IOException(pending + " version 2 members got no welcome in 60 s");
      }
      pending -= poll(100);
    }
  }

  /** Reads until nothing has arrived for {@code quietMs}: the relay's queues are empty. */
  void drain(long quietMs) throws IOException, CryptoException {
    long quietSince = System.nanoTime();
    while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(quietMs)) {
      poll(50);
      if (readSomething) {
        quietSince = System.nanoTime();
      }
    }
  }

  void close() throws IOException {
    selector.close();
  }

  /** One select; returns how many members got their welcome in it. */
  private int poll(long timeoutMs) throws IOException, CryptoException {
    int welcomed = 0;
    readSomething = false;
    if (selector.select(timeoutMs) == 0) {
      return 0;
    }
    for (SelectionKey key : selector.selectedKeys()) {
      Member m = (Member) key.attachment();
      buf.clear();
      int n = m.channel.read(buf);
      if (n < 0) {
        throw new IOException("the relay closed the connection of " + m.nick + " waiting for " + m.step
            + " (last line: " + m.last + "; ulimit -n? max_connections?)");
      }
      readSomething |= n > 0;
      buf.flip();
      while (buf.hasRemaining()) {
        byte b = buf.get();
        if (b != '\n') {
          m.partial.write(b);
          continue;
        }
        String line = m.partial.toString(StandardCharsets.UTF_8);
        m.partial.reset();
        m.last = line.length() > 200 ? line.substring(0, 200) : line;
        if (line.startsWith("{\"type\":\"error\"")) {
          throw new IOException("the relay refused " + m.nick + ": " + line);
        }
        if (advance(m, line)) {
          welcomed++; // later lines (others' joins, pings) are read on as they come
        }
      }
    }
    selector.selectedKeys().clear();
    return welcomed;
  }

  /** Takes the next handshake step on {@code line}; true once the member's welcome came. */
  private boolean advance(Member m, String line) throws IOException, CryptoException {
    if (line.startsWith("{\"type\":\"ping\"")) {
      write(m, new Frame.Pong()); // idle, not dead: the relay's idle check must not cut it
    } else if (m.step == Step.CHALLENGE && line.startsWith("{\"type\":\"challenge\"")) {
      Frame.Challenge ch;
      try {
        ch = (Frame.Challenge) FrameCodec.decode(line.getBytes(StandardCharsets.UTF_8));
      } catch (ProtocolException e) {
        throw new IOException("the relay sent a bad challenge: " + e.getMessage());
      }
      write(m, new Frame.Auth(new AuthChallenge(ch.nonce()).sign(m.identity, m.nick)));
      m.step = Step.READY;
    } else if (m.step == Step.READY && line.startsWith("{\"type\":\"ready\"")) {
      write(m, new Frame.Join(m.room));
      m.step = Step.WELCOME;
    } else if (m.step == Step.WELCOME && line.startsWith("{\"type\":\"welcome\"")) {
      m.step = Step.IN;
      return true;
    }
    return false;
  }

  private static void write(Member m, Frame frame) throws IOException {
    ByteBuffer line = ByteBuffer.wrap(FrameCodec.encode(frame));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (line.hasRemaining()) {
      if (m.channel.write(line) == 0 && System.nanoTime() > deadline) {
        throw new IOException("the relay stopped reading from " + m.nick);
      }
    }
  }
}
