package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.ProtocolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One host cannot take every slot: connections and the connect rate are limited per source
 * address. Linux routes all of 127/8 to lo, so 127.0.0.2 is a second "host".
 */
class RelayAddressLimitsTest extends RelayTestBase {
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void closeSockets() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
  }

  /** A raw client from {@code localAddress}, e.g. 127.0.0.2. */
  private Socket from(String localAddress) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
    s.connect(new InetSocketAddress("127.0.0.1", relay.port()), 5000);
    s.setSoTimeout(5000);
    return s;
  }

  private static Frame exchange(Socket s, Frame frame) throws IOException {
    s.getOutputStream().write(FrameCodec.encode(frame));
    return next(s);
  }

  private static Frame next(Socket s) throws IOException {
    String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
    if (line == null) {
      fail("closed by the relay without a frame");
    }
    try {
      return FrameCodec.decode(line.getBytes(StandardCharsets.UTF_8));
    } catch (ProtocolException e) {
      throw new AssertionError(line, e);
    }
  }

  private static void assertServerFull(Socket s) throws IOException {
    Frame f = next(s);
    assertTrue(f instanceof Frame.Error e && e.code().equals("server_full"), "expected server_full, got " + f);
    assertEquals(-1, s.getInputStream().read(), "closed after server_full");
  }

  @Test
  void oneAddressGetsServerFullAtItsLimitAndAnotherStillGetsIn() throws Exception {
    startRelay(config().maxConnectionsPerAddress(3).build());
    List<Socket> mine = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket s = from("127.0.0.1");
      assertTrue(exchange(s, new Frame.Ping()) instanceof Frame.Pong);
      mine.add(s);
    }
    assertServerFull(from("127.0.0.1"));
    Socket other = from("127.0.0.2");
    Frame w = exchange(other, new Frame.Hello(1, "other", "lobby", WireClient.identity().encKey(), WireClient.identity().sigKey()));
    assertTrue(w instanceof Frame.Welcome, "the other host joins: " + w);
    assertEquals(1, relay.stats().closed(CloseReason.ADDRESS_LIMIT).sum());

    mine.get(0).close(); // a slot of its own comes back once one of its connections ends
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (relay.stats().closed(CloseReason.CLIENT_CLOSED).sum() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(exchange(from("127.0.0.1"), new Frame.Ping()) instanceof Frame.Pong);
  }

  @Test
  void oneAddressConnectingTooFastGetsServerFullAndAnotherDoesNot() throws Exception {
    // a rate so low that no token comes back during the test: exactly the burst gets in
    startRelay(config().connectRatePerSecond(0.001).connectRateBurst(4).build());
    for (int i = 0; i < 4; i++) {
      Socket s = from("127.0.0.1");
      assertTrue(exchange(s, new Frame.Ping()) instanceof Frame.Pong);
      s.close(); // closing does not give the rate back
    }
    assertServerFull(from("127.0.0.1"));
    assertTrue(exchange(from("127.0.0.2"), new Frame.Ping()) instanceof Frame.Pong);
  }

  @Test
  void theGlobalLimitStillHolds() throws Exception {
    startRelay(config().maxConnections(2).build());
    assertTrue(exchange(from("127.0.0.1"), new Frame.Ping()) instanceof Frame.Pong);
    assertTrue(exchange(from("127.0.0.2"), new Frame.Ping()) instanceof Frame.Pong);
    assertServerFull(from("127.0.0.3"));
    assertEquals(1, relay.stats().closed(CloseReason.SERVER_FULL).sum());
  }

  @Test
  void ipv6AddressesCountPerSlash64() {
    var a = io.vertx.core.net.SocketAddress.inetSocketAddress(1, "2001:db8:1:2:aaaa::1");
    var b = io.vertx.core.net.SocketAddress.inetSocketAddress(1, "2001:db8:1:2:ffff:1:2:3");
    var c = io.vertx.core.net.SocketAddress.inetSocketAddress(1, "2001:db8:1:3::1");
    assertEquals(AddressLimits.key(a), AddressLimits.key(b));
    assertTrue(!AddressLimits.key(a).equals(AddressLimits.key(c)));
    assertEquals("10.0.0.5", AddressLimits.key(io.vertx.core.net.SocketAddress.inetSocketAddress(1, "10.0.0.5")));
  }
}
