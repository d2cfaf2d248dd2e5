package dev.chatroom.client;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageSealer;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.PublicKeys;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.ProtocolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hostile relay scripted by the test: a real socket on 127.0.0.1 that takes the client's
 * hello and then plays whatever frames (or raw lines) the test writes, with the real client's
 * keys at hand so it can also seal genuine messages from members it invents.
 */
final class FakeRelay implements AutoCloseable {
  private final ServerSocket server;
  private Socket socket;
  private BufferedReader in;
  private OutputStream out;
  private Frame.Hello hello;

  FakeRelay() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    server.setSoTimeout((int) ChatProcess.WAIT_MS);
  }

  int port() { return server.getLocalPort(); }

  /** Waits for the client to connect and say hello. */
  Frame.Hello accept() throws IOException, ProtocolException {
    socket = server.accept();
    socket.setSoTimeout((int) ChatProcess.WAIT_MS);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
    Frame f = next();
    if (!(f instanceof Frame.Hello h)) {
      throw new AssertionError("expected hello, got " + f);
    }
    hello = h;
    return h;
  }

  /** A version 2 client: its hello, our challenge, its auth checked against the hello's keys. */
  Frame.Hello acceptV2() throws IOException, ProtocolException {
    Frame.Hello h = accept();
    if (h.version() != 2) {
      throw new AssertionError("expected a version 2 hello, got " + h);
    }
    dev.chatroom.crypto.AuthChallenge challenge = dev.chatroom.crypto.AuthChallenge.fresh();
    send(new Frame.Challenge(challenge.nonce()));
    Frame f = next();
    if (!(f instanceof Frame.Auth a) || !challenge.verify(h.nick(), h.encKey(), h.sigKey(), a.signature())) {
      throw new AssertionError("expected a valid auth, got " + f);
    }
    return h;
  }

  /** No client connection waits to be accepted (call once the client has exited). */
  boolean nothingPending() throws IOException {
    server.setSoTimeout(200);
    try (Socket s = server.accept()) {
      return false;
    } catch (java.net.SocketTimeoutException e) {
      return true;
    } finally {
      server.setSoTimeout((int) ChatProcess.WAIT_MS);
    }
  }

  /** Ends the current connection, as a network drop would. */
  void drop() throws IOException {
    socket.close();
  }

  /** The next frame from the client, pings answered and skipped. */
  Frame next() throws IOException, ProtocolException {
    return FrameCodec.decode(nextLine().getBytes(StandardCharsets.UTF_8));
  }

  /** The next line from the client exactly as written, pings answered and skipped. */
  String nextLine() throws IOException, ProtocolException {
    while (true) {
      String line = in.readLine();
      if (line == null) {
        throw new AssertionError("the client closed the connection");
      }
      if (FrameCodec.decode(line.getBytes(StandardCharsets.UTF_8)) instanceof Frame.Ping) {
        send(new Frame.Pong());
      } else {
        return line;
      }
    }
  }

  /** A genuine message from {@code from} to the client alone, in {@code room}. */
  Frame.Message sealIn(String room, Identity from, String nick, Payload p) throws CryptoException {
    return new MessageSealer().seal(from, nick, room, p.encode(), Map.of(hello.nick(), PublicKeys.parseRsa(hello.encKey())));
  }

  void send(Frame f) throws IOException {
    out.write(FrameCodec.encode(f));
    out.flush();
  }

  /** One line exactly as given (JSON the codec would never write), plus the newline. */
  void sendRaw(String json) throws IOException {
    out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** A genuine message from {@code from} to the client and {@code others} (nick to key). */
  Frame.Message seal(Identity from, String nick, Payload p, Map<String, PublicKey> others)
      throws CryptoException {
    Map<String, PublicKey> to = new TreeMap<>(others);
    to.put(hello.nick(), PublicKeys.parseRsa(hello.encKey()));
    return new MessageSealer().seal(from, nick, hello.room(), p.encode(), to);
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
    }
    server.close();
  }
}
