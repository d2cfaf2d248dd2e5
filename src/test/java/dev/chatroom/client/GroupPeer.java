package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatroom.crypto.AuthChallenge;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.PeerKeys;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.senderkey.GroupOpener;
import dev.chatroom.crypto.senderkey.GroupRejected;
import dev.chatroom.crypto.senderkey.MissingKeys;
import dev.chatroom.crypto.senderkey.ReceiverKeys;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.ProtocolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A lightweight scripted version 2 member: a blocking socket that authenticates with its own
 * identity and opens what it gets with the sender-key core (GroupOpener), as a real client
 * must. Its keys outlive its connections, so it can go away and come back.
 */
final class GroupPeer implements AutoCloseable {
  final String nick;
  final Identity id;
  final ReceiverKeys keys = new ReceiverKeys();
  private final GroupOpener opener = new GroupOpener(keys, new MissingKeys(), Clock.systemUTC());
  /** Senders' keys as the welcomes and joins announced them, parsed when first used. */
  private final Map<String, Frame.Member> announced = new HashMap<>();
  private final Map<String, PeerKeys> members = new HashMap<>();
  /** Light: welcomes are not even decoded (a 1,000-member one is 0.5 MB); senders come from {@link #knows}. */
  private final boolean light;
  /** The line of the last frame read. */
  String lastLine;
  /** Sender keys addressed to this peer and taken. */
  int senderKeys;
  private Socket socket;
  private BufferedReader in;
  private OutputStream out;

  GroupPeer(String nick, Identity id) {
    this(nick, id, false);
  }

  GroupPeer(String nick, Identity id, boolean light) {
    this.nick = nick;
    this.id = id;
    this.light = light;
  }

  /** Tells a light peer a sender's keys, which it does not read from welcomes. */
  void knows(String sender, Identity keys) {
    members.put(sender, keys.asPeer(sender));
  }

  /** Connects and authenticates; returns the ready. */
  Frame.Ready connect(int port) throws Exception {
    close();
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    socket.setTcpNoDelay(true);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
    send(new Frame.Hello(2, nick, null, id.encKey(), id.sigKey(), null));
    Frame.Challenge c = next(Frame.Challenge.class);
    send(new Frame.Auth(new AuthChallenge(c.nonce()).sign(id, nick)));
    return next(Frame.Ready.class);
  }

  /** Joins {@code room} and reads up to its welcome (other frames are noted, not kept). */
  Frame.Welcome join(String room) throws Exception {
    send(new Frame.Join(room));
    while (true) {
      Frame f = next();
      if (f == null || f instanceof Frame.Welcome w && w.room().equals(room)) {
        return (Frame.Welcome) f;
      }
      note(f);
    }
  }

  void part(String room) throws Exception {
    send(new Frame.Part(room));
    while (!(next() instanceof Frame.Parted p && p.room().equals(room))) {
      // frames before the answer are of no interest here
    }
  }

  /** Reads until a group message arrives, taking every sender_key before it; returned unopened. */
  Frame.GroupMessage nextGroupMessage() throws Exception {
    Frame f = nextDelivered();
    return assertInstanceOf(Frame.GroupMessage.class, f, () -> nick + ": expected a group message, got " + f);
  }

  /** Reads until the relay acks a frame of ours. */
  Frame.Ack nextAck() throws Exception {
    while (true) {
      Frame f = next();
      if (f instanceof Frame.Ack a) {
        return a;
      }
      note(f);
    }
  }

  /** The next delivered frame that is not a sender_key (those are taken on the way). */
  Frame nextDelivered() throws Exception {
    while (true) {
      Frame f = next();
      if (f instanceof Frame.Delivery d && !(d.frame() instanceof Frame.SenderKey)) {
        return d.frame();
      }
      note(f);
    }
  }

  /** Opens a group message with what this peer holds. */
  String open(Frame.GroupMessage g) throws Exception {
    return Payload.decode(opener.open(g, sender(g.from()).sigKey())).text();
  }

  /** Opens it, or names why it cannot be. */
  GroupRejected.Reason refusal(Frame.GroupMessage g) throws Exception {
    try {
      open(g);
      return null;
    } catch (GroupRejected e) {
      return e.reason();
    }
  }

  private void note(Frame f) throws Exception {
    if (f instanceof Frame.Joined j) {
      members.remove(j.nick());
      announced.put(j.nick(), new Frame.Member(j.nick(), j.encKey(), j.sigKey()));
    } else if (f instanceof Frame.Delivery d && d.frame() instanceof Frame.SenderKey k) {
      if (k.encryptedKeys().containsKey(nick)) {
        opener.accept(k, sender(k.from()).sigKey(), nick, id.rsa().getPrivate());
        senderKeys++;
      }
    }
  }

  private PeerKeys sender(String from) throws Exception {
    PeerKeys k = members.get(from);
    Frame.Member m = announced.get(from);
    if (k == null && m != null) {
      k = PeerKeys.parse(from, m.encKey(), m.sigKey());
      members.put(from, k);
    }
    if (k == null) {
      fail(nick + ": a frame from " + from + ", whom no welcome or joined announced");
    }
    return k;
  }

  void send(Frame f) throws IOException {
    out.write(FrameCodec.encodeToString(f).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** The next frame as the relay sent it; null for a welcome a light peer does not decode. */
  Frame next() throws IOException {
    String line = in.readLine();
    if (line == null) {
      fail(nick + ": connection closed by the relay");
    }
    lastLine = line;
    if (light && line.startsWith("{\"type\":\"welcome\"")) {
      return null;
    }
    try {
      Frame f = FrameCodec.decode(line.getBytes(StandardCharsets.UTF_8));
      if (f instanceof Frame.Welcome w) {
        w.members().forEach(m -> announced.put(m.nick(), m));
      }
      return f;
    } catch (ProtocolException e) {
      throw new AssertionError(nick + ": relay sent a bad frame: " + line, e);
    }
  }

  <T extends Frame> T next(Class<T> type) throws IOException {
    Frame f = next();
    return assertInstanceOf(type, f, () -> nick + ": expected " + type.getSimpleName() + ", got " + f);
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
