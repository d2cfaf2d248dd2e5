package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import dev.chatroom.config.RelayConfig;
import dev.chatroom.protocol.ErrorCode;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.ProtocolException;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * A live relay, one connection that gets fuzz input (reopened whenever the relay closes it) and
 * a well-behaved pair, alice and bob in room "calm", who must keep chatting through it all.
 */
final class RelayFuzzHarness implements AutoCloseable {
  static final int MAX_FRAME_BYTES = 2048;
  private static final int READ_TIMEOUT_MS = 5000;
  private static final int PAIR_CHECK_EVERY = 10;
  private static final byte[] SENTINEL = "\n{\"type\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8);
  private static final Set<String> ERROR_CODES = Stream.of(ErrorCode.values())
      .filter(c -> c != ErrorCode.INTERNAL).map(ErrorCode::wire).collect(Collectors.toSet());

  private final Vertx vertx;
  private final RelayServer relay;
  private final WireClient alice;
  private final WireClient bob;
  private LineSocket fuzz;
  private long inputs;
  long reconnects;
  long welcomes;
  long errors;

  private static final ch.qos.logback.classic.Logger RELAY_LOG =
      (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.chatroom.relay");

  private RelayFuzzHarness(Vertx vertx, RelayServer relay, WireClient alice, WireClient bob) {
    this.vertx = vertx;
    this.relay = relay;
    this.alice = alice;
    this.bob = bob;
  }

  static RelayFuzzHarness start() throws Exception {
    // join, leave and error lines (errors at most one a second per connection) would still drown the run;
    // close() puts the level back, or every relay test run later in this JVM would log no INFO line
    RELAY_LOG.setLevel(Level.WARN);
    Vertx vertx = Vertx.vertx();
    RelayConfig config = RelayConfig.builder().port(0).store("memory").maxFrameBytes(MAX_FRAME_BYTES)
        .ratePerSecond(1_000_000).rateBurst(1_000_000) // fuzz throughput, not the rate limiter
        .badFrameLimit(50).badFrameWindow(Duration.ofSeconds(10)).build();
    RelayServer relay = RelayServer.start(vertx, config).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    WireClient alice = WireClient.joined(relay.port(), "alice", "calm");
    WireClient bob = WireClient.joined(relay.port(), "bob", "calm");
    alice.next(Frame.Joined.class);
    return new RelayFuzzHarness(vertx, relay, alice, bob);
  }

  int port() { return relay.port(); }

  /** Sends one fuzz input (as one or more lines) and checks everything the relay says back. */
  void check(byte[] input) throws IOException {
    if (fuzz == null) {
      fuzz = new LineSocket(relay.port(), READ_TIMEOUT_MS); // refused here = the relay died
      reconnects++;
    }
    int expectedPongs = 1 + countPings(input);
    int pongs = 0;
    try {
      byte[] payload = Arrays.copyOf(input, input.length + SENTINEL.length);
      System.arraycopy(SENTINEL, 0, payload, input.length, SENTINEL.length);
      fuzz.write(payload);
      while (pongs < expectedPongs) {
        byte[] line = fuzz.readLine();
        if (line == null) {
          dropFuzzConnection(); // quit, frame_too_large, too many bad frames: all allowed
          break;
        }
        Frame answer = checkFuzzAnswer(line, input);
        if (answer instanceof Frame.Pong) {
          pongs++;
        } else if (answer instanceof Frame.Welcome) {
          welcomes++;
        } else if (answer instanceof Frame.Error) {
          errors++;
        }
      }
    } catch (SocketTimeoutException hang) {
      fail("relay went silent (" + pongs + "/" + expectedPongs + " pongs) after " + show(input));
    } catch (IOException reset) {
      dropFuzzConnection(); // the relay closed while we were still writing
    }
    if (++inputs % PAIR_CHECK_EVERY == 0) {
      checkPairStillChats();
    }
  }

  /** Alice messages bob through the relay; both see only protocol frames on the way. */
  void checkPairStillChats() throws IOException {
    Frame.Message m = alice.message("bob");
    alice.send(m);
    while (true) {
      Frame f = bob.next();
      assertTrue(f instanceof Frame.Message || f instanceof Frame.Joined || f instanceof Frame.Left,
          "bob got " + f);
      if (f instanceof Frame.Message got && got.id().equals(m.id())) {
        assertEquals(m, got);
        break;
      }
    }
    while (true) {
      Frame f = alice.next();
      assertTrue(f instanceof Frame.Ack || f instanceof Frame.Message || f instanceof Frame.Joined
          || f instanceof Frame.Left, "alice got " + f);
      if (f instanceof Frame.Ack ack && ack.id().equals(m.id())) {
        assertEquals(java.util.List.of(), ack.missing());
        break;
      }
    }
  }

  private Frame checkFuzzAnswer(byte[] line, byte[] input) {
    assertTrue(isStrictUtf8(line), () -> "relay sent invalid UTF-8 after " + show(input));
    Frame f;
    try {
      f = FrameCodec.decode(line);
    } catch (ProtocolException e) {
      throw new AssertionError("relay sent a non-protocol line " + show(line) + " after " + show(input), e);
    }
    // what a relay may say to a client that joined nowhere or somewhere (or said hello version 2 and
    // cannot sign its challenge), never a message it was not sent
    assertTrue(f instanceof Frame.Error || f instanceof Frame.Pong || f instanceof Frame.Welcome
        || f instanceof Frame.Ack || f instanceof Frame.RoomList || f instanceof Frame.Joined
        || f instanceof Frame.Left || f instanceof Frame.Challenge, () -> "unexpected " + f + " after " + show(input));
    if (f instanceof Frame.Error e) {
      assertTrue(ERROR_CODES.contains(e.code()), () -> "error code " + e.code() + " after " + show(input));
      assertNotEquals("", e.message());
    }
    return f;
  }

  /** Pings among the input's lines, judged by the same codec the relay uses. */
  private static int countPings(byte[] input) {
    int pings = 0;
    int start = 0;
    for (int i = 0; i <= input.length; i++) {
      if (i == input.length || input[i] == '\n') {
        try {
          if (i - start <= MAX_FRAME_BYTES && FrameCodec.decode(input, start, i - start) instanceof Frame.Ping) {
            pings++;
          }
        } catch (ProtocolException ignored) {
          // answered with an error, not a pong
        }
        start = i + 1;
      }
    }
    return pings;
  }

  private void dropFuzzConnection() throws IOException {
    if (fuzz != null) {
      fuzz.close();
      fuzz = null;
    }
  }

  private static boolean isStrictUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  static String show(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < b.length && s.length() < 600; i++) {
      byte x = b[i];
      s.append(x >= 0x20 && x < 0x7f && x != '\\' ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
    }
    return s.length() >= 600 ? s + "... (" + b.length + " bytes)" : s.toString();
  }

  @Override
  public void close() throws Exception {
    try {
      dropFuzzConnection();
      alice.close();
      bob.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      RELAY_LOG.setLevel(null); // inherits again, as logback-test.xml has it
    }
  }
}
