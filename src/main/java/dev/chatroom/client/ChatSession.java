package dev.chatroom.client;

import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.LineFramer;
import dev.chatroom.protocol.ProtocolException;
import dev.chatroom.tls.ClientTls;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.List;

/**
 * The connection to a relay: connects over the server list, frames JSON lines, pings before the
 * relay's idle timeout, and reconnects with backoff and jitter when the connection ends. It
 * knows nothing of nicks or rooms: its {@link Listener} says hello and reads the frames. All
 * methods must be called on {@link #context()}; listener calls happen there too.
 */
public final class ChatSession {
  static final long PING_EVERY_MS = 30_000;
  /** Nothing heard for this long (two pings unanswered): the connection is dead. */
  static final long DEAD_AFTER_MS = 75_000;
  static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

  public interface Listener {
    /** A TCP (or TLS) connection is up: say hello. */
    void connected(ServerAddress server);

    void frame(Frame frame);

    /** The connection is gone; a new attempt is already scheduled. */
    void disconnected();
  }

  private final Vertx vertx;
  private final Context context;
  private final List<ServerAddress> servers;
  private final Output out;
  private final Backoff backoff = new Backoff();
  // Kept in a field: an unreferenced Vert.x 5 NetClient is collected and its sockets closed.
  private final NetClient client;
  private Listener listener;
  private NetSocket socket;
  private int next;
  private boolean stopped;
  private long retryTimer = -1;
  private long pingTimer = -1;
  private long lastHeard;
  private final ClientTls tls;

  /** {@code tls} is {@link ClientTls#OFF} for plain TCP. */
  public ChatSession(Vertx vertx, Context context, List<ServerAddress> servers, ClientTls tls, Output out) {
    this.vertx = vertx;
    this.context = context;
    this.servers = List.copyOf(servers);
    this.out = out;
    this.tls = tls;
    this.client = vertx.createNetClient(tls.apply(new NetClientOptions().setConnectTimeout(5_000).setTcpNoDelay(true)));
  }

  public Context context() { return context; }

  public void start(Listener l) {
    this.listener = l;
    pingTimer = vertx.setPeriodic(PING_EVERY_MS, t -> keepAlive());
    connect();
  }

  public void send(Frame frame) {
    if (socket != null) {
      socket.write(Buffer.buffer(FrameCodec.encode(frame)));
    }
  }

  /** Writes a frame already encoded (a version 2 resend: the same bytes as the first time). */
  public void sendEncoded(byte[] frameLine) {
    if (socket != null) {
      socket.write(Buffer.buffer(frameLine));
    }
  }

  /**
   * The relay refused us for good (replaced, nick_registered...): close and never reconnect, so
   * two clients of one identity cannot take turns replacing each other. {@link #stop} still
   * releases the client.
   */
  public void halt() {
    stopped = true;
    vertx.cancelTimer(retryTimer);
    NetSocket s = socket;
    if (s != null) {
      s.close();
    }
  }

  /** The session is established (welcome): the next failure waits about 1 s again. */
  public void established() {
    backoff.reset();
  }

  /** Drops the current connection and tries again after the backoff (e.g. nick still held). */
  public void retryLater() {
    NetSocket s = socket;
    if (s != null) {
      s.close(); // the close handler schedules the retry
    }
  }

  /** Sends quit, closes, and never reconnects. */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(retryTimer);
    vertx.cancelTimer(pingTimer);
    NetSocket s = socket;
    socket = null;
    Promise<Void> closed = Promise.promise();
    if (s == null) {
      closed.complete();
    } else {
      s.write(Buffer.buffer(FrameCodec.encode(new Frame.Quit())));
      s.end().onComplete(ar -> closed.complete());
    }
    return closed.future().eventually(() -> client.close());
  }

  private void connect() {
    retryTimer = -1;
    if (stopped) {
      return;
    }
    ServerAddress server = servers.get(next);
    next = (next + 1) % servers.size();
    client.connect(server.port(), server.host()).onComplete(ar -> {
      if (stopped) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.failed()) {
        String why = tls.enabled() ? ClientTls.explain(ar.cause(), tls, server.host()) : describe(ar.cause());
        scheduleRetry("cannot connect to " + server + " (" + why + ")");
        return;
      }
      attach(ar.result(), server);
    });
  }

  private void attach(NetSocket s, ServerAddress server) {
    socket = s;
    lastHeard = System.currentTimeMillis();
    LineFramer framer = new LineFramer(MAX_FRAME_BYTES, line -> onLine(s, line), s::close);
    s.handler(framer);
    s.exceptionHandler(e -> { }); // the close handler follows and reports
    s.closeHandler(v -> {
      if (socket == s) {
        socket = null;
        listener.disconnected();
        scheduleRetry("connection to " + server + " lost");
      }
    });
    listener.connected(server);
  }

  private void onLine(NetSocket s, Buffer line) {
    if (socket != s) {
      return;
    }
    lastHeard = System.currentTimeMillis();
    Frame frame;
    try {
      frame = FrameCodec.decode(line);
    } catch (ProtocolException e) {
      out.warn("ignored a bad frame from the relay: " + e.getMessage());
      return;
    }
    if (frame instanceof Frame.Ping) {
      send(new Frame.Pong());
    } else if (!(frame instanceof Frame.Pong)) {
      listener.frame(frame);
    }
  }

  private void keepAlive() {
    if (socket == null) {
      return;
    }
    if (System.currentTimeMillis() - lastHeard > DEAD_AFTER_MS) {
      out.notice("the relay stopped answering");
      socket.close();
    } else {
      send(new Frame.Ping());
    }
  }

  private void scheduleRetry(String why) {
    if (stopped || retryTimer != -1) {
      return;
    }
    long delay = backoff.nextDelayMs();
    out.notice(why + "; reconnecting in " + String.format(java.util.Locale.ROOT, "%.1f", delay / 1000.0) + " s");
    retryTimer = vertx.setTimer(delay, t -> connect());
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
