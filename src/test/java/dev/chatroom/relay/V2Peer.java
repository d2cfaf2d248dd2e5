package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatroom.crypto.AuthChallenge;
import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.ProtocolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/** A scripted version 2 peer: a blocking socket that authenticates with its own real identity. */
final class V2Peer implements AutoCloseable {
  private static final Map<String, Identity> IDENTITIES = new HashMap<>();

  final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;
  final String nick;
  final Identity identity;

  V2Peer(int port, String nick) throws IOException {
    this(port, nick, identityFor(nick));
  }

  V2Peer(int port, String nick, Identity identity) throws IOException {
    this.nick = nick;
    this.identity = identity;
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
  }

  /** One real identity per nick name (RSA 2048 to keep tests quick), made once per test JVM. */
  static synchronized Identity identityFor(String nick) {
    return IDENTITIES.computeIfAbsent(nick, n -> {
      try {
        return TestIdentities.fresh();
      } catch (CryptoException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  static Identity freshIdentity() {
    try {
      return TestIdentities.fresh();
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  /** hello version 2, the challenge, auth; returns the relay's {@code ready}. */
  Frame.Ready authenticate(Map<String, Long> since) throws Exception {
    sendHello(since);
    Frame.Challenge challenge = next(Frame.Challenge.class);
    send(new Frame.Auth(new AuthChallenge(challenge.nonce()).sign(identity, nick)));
    return next(Frame.Ready.class);
  }

  /** Authenticates correctly and expects the relay to refuse with {@code code}. */
  Frame.Error authenticateExpectingError(String code) throws Exception {
    sendHello(null);
    Frame.Challenge challenge = next(Frame.Challenge.class);
    send(new Frame.Auth(new AuthChallenge(challenge.nonce()).sign(identity, nick)));
    return expectError(code);
  }

  Frame.Ready authenticate() throws Exception {
    return authenticate(null);
  }

  void sendHello(Map<String, Long> since) throws IOException {
    SortedMap<String, Long> s = since == null ? null : new TreeMap<>(since);
    send(new Frame.Hello(2, nick, null, identity.encKey(), identity.sigKey(), s));
  }

  /** One room's catch-up after ready: its welcome, the deliveries, the synced. */
  record CatchUp(Frame.Welcome welcome, List<Frame.Delivery> deliveries, Frame.Synced synced) {
    List<Long> seqs() {
      List<Long> out = new ArrayList<>();
      deliveries.forEach(d -> out.add(d.seq()));
      return out;
    }
  }

  CatchUp catchUp(String room) throws IOException {
    Frame.Welcome w = next(Frame.Welcome.class);
    assertEquals(room, w.room());
    List<Frame.Delivery> deliveries = new ArrayList<>();
    while (true) {
      Frame f = next();
      if (f instanceof Frame.Synced s) {
        assertEquals(room, s.room());
        return new CatchUp(w, deliveries, s);
      }
      Frame.Delivery d = assertInstanceOf(Frame.Delivery.class, f, () -> "expected a delivery or synced, got " + f);
      assertEquals(room, d.room());
      deliveries.add(d);
    }
  }

  Frame.Welcome join(String room) throws IOException {
    send(new Frame.Join(room));
    return next(Frame.Welcome.class);
  }

  /** A message frame with syntactically valid fields (the relay does not verify signatures). */
  Frame.Message message(String room, String... recipients) {
    TreeMap<String, String> keys = new TreeMap<>();
    for (String r : recipients) {
      keys.put(r, Base64.getEncoder().encodeToString(("key-for-" + r).getBytes(StandardCharsets.UTF_8)));
    }
    return new Frame.Message(UUID.randomUUID().toString(), room, nick, System.currentTimeMillis(),
        "gAAAAABtoken", keys, Base64.getEncoder().encodeToString(new byte[64]));
  }

  Frame.GroupMessage group(String room, long index) {
    return new Frame.GroupMessage(UUID.randomUUID().toString(), room, nick, System.currentTimeMillis(),
        "0123456789abcdef0123456789abcdef", index, "gAAAAABgroup", Base64.getEncoder().encodeToString(new byte[64]));
  }

  Frame.SenderKey senderKey(String room, String... recipients) {
    TreeMap<String, String> keys = new TreeMap<>();
    for (String r : recipients) {
      keys.put(r, Base64.getEncoder().encodeToString(("chain-for-" + r).getBytes(StandardCharsets.UTF_8)));
    }
    return new Frame.SenderKey(UUID.randomUUID().toString(), room, nick, System.currentTimeMillis(),
        "0123456789abcdef0123456789abcdef", 0, keys, Base64.getEncoder().encodeToString(new byte[64]));
  }

  /** Sends a stored frame and returns its ack. */
  Frame.Ack sendAcked(Frame frame) throws IOException {
    send(frame);
    return next(Frame.Ack.class);
  }

  void send(Frame frame) throws IOException { sendRaw(FrameCodec.encodeToString(frame)); }

  void sendRaw(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  String nextLine() throws IOException {
    String line = in.readLine();
    if (line == null) {
      fail(nick + ": connection closed by the relay");
    }
    return line;
  }

  Frame next() throws IOException {
    String line = nextLine();
    try {
      return FrameCodec.decode(line.getBytes(StandardCharsets.UTF_8));
    } catch (ProtocolException e) {
      throw new AssertionError("relay sent a bad frame: " + line, e);
    }
  }

  <T extends Frame> T next(Class<T> type) throws IOException {
    Frame f = next();
    return assertInstanceOf(type, f, () -> nick + ": expected " + type.getSimpleName() + ", got " + f);
  }

  Frame.Delivery delivery() throws IOException {
    return next(Frame.Delivery.class);
  }

  Frame.Error expectError(String code) throws IOException {
    Frame.Error e = next(Frame.Error.class);
    assertEquals(code, e.code(), e.message());
    return e;
  }

  /** The next frame if one arrives within {@code millis}, else null. */
  Frame nextWithin(int millis) throws IOException {
    int before = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      return next();
    } catch (SocketTimeoutException quiet) {
      return null;
    } finally {
      socket.setSoTimeout(before);
    }
  }

  /** True when nothing arrives within {@code millis}; fails when the relay closed the connection. */
  boolean silentFor(int millis) throws IOException {
    return LineReads.silentFor(socket, in, millis, nick + ": ");
  }


  /** True when the relay closed the connection (end of stream) within the read timeout. */
  boolean closedByRelay() throws IOException {
    return LineReads.closedByRelay(in);
  }


  @Override
  public void close() throws IOException { socket.close(); }

  /** When this peer is told {@code nick} went online (or offline), skipping everything else (epoch ms). */
  long awaitPresence(String nick, boolean online, long millis) throws IOException {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      Frame f;
      try {
        f = next();
      } catch (java.net.SocketTimeoutException quiet) {
        continue;
      }
      if (f instanceof Frame.Presence p && p.nick().equals(nick) && p.online() == online) {
        return System.currentTimeMillis();
      }
    }
    throw new AssertionError(this.nick + " was never told " + nick + " is " + (online ? "online" : "offline"));
  }
}
