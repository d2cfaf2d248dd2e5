package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.TreeMap;
import java.util.UUID;

/** A scripted protocol peer for relay tests: a blocking socket speaking raw JSON lines. */
final class WireClient implements AutoCloseable {
  private static Identity sharedIdentity;

  final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;
  String nick;
  String room;

  WireClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    socket.setTcpNoDelay(true);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
  }

  /** Real keys (made once): the relay checks that they parse. */
  static synchronized Identity identity() {
    if (sharedIdentity == null) {
      try {
        sharedIdentity = TestIdentities.fresh();
      } catch (CryptoException e) {
        throw new IllegalStateException(e);
      }
    }
    return sharedIdentity;
  }

  static WireClient joined(int port, String nick, String room) throws IOException {
    WireClient c = new WireClient(port);
    Frame.Welcome w = c.hello(nick, room);
    assertEquals(nick, w.nick());
    return c;
  }

  Frame.Welcome hello(String nick, String room) throws IOException {
    send(new Frame.Hello(1, nick, room, identity().encKey(), identity().sigKey()));
    Frame f = next();
    if (!(f instanceof Frame.Welcome w)) {
      throw new AssertionError("expected welcome, got " + f);
    }
    this.nick = nick;
    this.room = room;
    return w;
  }

  /**
   * Reads a {@code joined} for each of {@code others} the welcome did not list: in a cluster a member
   * who joined on another node a moment ago may reach this node's view just after the welcome.
   */
  void learnOf(Frame.Welcome welcome, WireClient... others) throws IOException {
    java.util.Set<String> missing = new java.util.HashSet<>();
    for (WireClient o : others) {
      missing.add(o.nick);
    }
    welcome.members().forEach(m -> missing.remove(m.nick()));
    while (!missing.isEmpty()) {
      String nick = next(Frame.Joined.class).nick();
      if (!missing.remove(nick)) {
        throw new AssertionError("joined for " + nick + ", expected one of " + missing);
      }
    }
  }

  void send(Frame frame) throws IOException { sendRaw(FrameCodec.encodeToString(frame)); }

  void sendRaw(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** A message frame with syntactically valid fields (the relay does not verify signatures). */
  Frame.Message message(String... recipients) {
    TreeMap<String, String> keys = new TreeMap<>();
    for (String r : recipients) {
      keys.put(r, Base64.getEncoder().encodeToString(("key-for-" + r).getBytes(StandardCharsets.UTF_8)));
    }
    return new Frame.Message(UUID.randomUUID().toString(), room, nick, System.currentTimeMillis(),
        "gAAAAABtoken", keys, Base64.getEncoder().encodeToString(new byte[64]));
  }

  String nextLine() throws IOException {
    String line = in.readLine();
    if (line == null) {
      fail("connection closed by the relay");
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
    return assertInstanceOf(type, f, () -> "expected " + type.getSimpleName() + ", got " + f);
  }

  Frame.Error expectError(String code) throws IOException {
    Frame.Error e = next(Frame.Error.class);
    assertEquals(code, e.code(), e.message());
    return e;
  }

  /**
   * True when nothing arrives within {@code millis} and the connection is still open; fails on a
   * frame and on a closed or reset connection (a dropped client hears nothing, too).
   */
  boolean silentFor(int millis) throws IOException {
    return LineReads.silentFor(socket, in, millis, "");
  }


  /** True when the relay closed the connection (end of stream) within the read timeout. */
  boolean closedByRelay() throws IOException {
    return LineReads.closedByRelay(in);
  }


  @Override
  public void close() throws IOException { socket.close(); }
}
