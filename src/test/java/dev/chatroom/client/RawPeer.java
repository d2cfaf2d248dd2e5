package dev.chatroom.client;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageOpener;
import dev.chatroom.crypto.MessageSealer;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.PeerKeys;
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
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scripted peer with real keys speaking raw frames: it can seal genuine messages and then
 * tamper with, replay or forge them, which the real client must refuse to show.
 */
final class RawPeer implements AutoCloseable {
  final String nick;
  final String room;
  final Identity id;
  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;
  private final Map<String, PeerKeys> members = new HashMap<>();
  private final MessageOpener opener = new MessageOpener();

  private RawPeer(int port, String nick, String room, Identity id) throws IOException {
    this.nick = nick;
    this.room = room;
    this.id = id;
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(ChatProcess.WAIT_MS > Integer.MAX_VALUE ? 0 : (int) ChatProcess.WAIT_MS);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
  }

  static RawPeer join(int port, String nick, String room, Identity id) throws Exception {
    RawPeer p = new RawPeer(port, nick, room, id);
    p.send(new Frame.Hello(1, nick, room, id.encKey(), id.sigKey()));
    Frame f = p.next();
    if (!(f instanceof Frame.Welcome w)) {
      p.close();
      throw new AssertionError(nick + " expected welcome, got " + f);
    }
    for (Frame.Member m : w.members()) {
      p.members.put(m.nick(), PeerKeys.parse(m.nick(), m.encKey(), m.sigKey()));
    }
    return p;
  }

  void send(Frame f) throws IOException {
    out.write(FrameCodec.encode(f));
    out.flush();
  }

  /** The next frame, tracking joined/left so {@link #seal} knows the members' keys. */
  Frame next() throws IOException, CryptoException {
    String line = in.readLine();
    if (line == null) {
      throw new AssertionError(nick + ": connection closed");
    }
    Frame f;
    try {
      f = FrameCodec.decode(line.getBytes(StandardCharsets.UTF_8));
    } catch (ProtocolException e) {
      throw new AssertionError("bad frame " + line, e);
    }
    if (f instanceof Frame.Joined j) {
      members.put(j.nick(), PeerKeys.parse(j.nick(), j.encKey(), j.sigKey()));
    } else if (f instanceof Frame.Left l) {
      members.remove(l.nick());
    }
    return f;
  }

  /** Reads until a frame of {@code type} arrives. */
  <T extends Frame> T await(Class<T> type) throws Exception {
    while (true) {
      Frame f = next();
      if (type.isInstance(f)) {
        return type.cast(f);
      }
    }
  }

  void awaitJoined(String who) throws Exception {
    while (!members.containsKey(who)) {
      next();
    }
  }

  /** A member's encryption key as the relay announced it. */
  PublicKey memberEncKey(String member) {
    return members.get(member).encKey();
  }

  /** A genuine sealed message to the named members. */
  Frame.Message seal(MessageSealer sealer, Payload p, String... to) throws CryptoException {
    Map<String, PublicKey> keys = new TreeMap<>();
    for (String n : to) {
      keys.put(n, members.get(n).encKey());
    }
    return sealer.seal(id, nick, room, p.encode(), keys);
  }

  Frame.Message seal(String text, String... to) throws CryptoException {
    return seal(new MessageSealer(), Payload.text(text), to);
  }

  /** Waits for the next message and opens it as a correct client would. */
  Payload receive() throws Exception {
    Frame.Message m = await(Frame.Message.class);
    return Payload.decode(opener.open(m, members.get(m.from()).sigKey(), nick, id.rsa().getPrivate()));
  }

  /** True when no message arrives within {@code millis} (other frames are consumed). */
  boolean noMessageFor(int millis) throws Exception {
    socket.setSoTimeout(millis);
    try {
      while (true) {
        if (next() instanceof Frame.Message m) {
          return false;
        }
      }
    } catch (SocketTimeoutException expected) {
      return true;
    } finally {
      socket.setSoTimeout((int) ChatProcess.WAIT_MS);
    }
  }

  @Override
  public void close() throws IOException { socket.close(); }
}
