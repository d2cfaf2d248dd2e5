package dev.chatroom.relay;

import dev.chatroom.protocol.ErrorCode;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.LineFramer;
import dev.chatroom.protocol.MessageHeader;
import dev.chatroom.protocol.ProtocolException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client socket: its framing, rate and bad-input limits, the frames that wait while a join
 * or an auth is pending, and its coalesced output. What a frame means is its session's job:
 * {@link V1Session} or {@link V2Session}.
 */
final class Connection implements Router.Recipient, OutputBudget.Queued {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  private static final Buffer NEWLINE = Buffer.buffer("\n");
  private static final Buffer DELIVERY_TAIL = Buffer.buffer("}\n");
  private static final long CLOSE_GRACE_MS = 2000;

  private enum State { NEW, JOINED, V2, CLOSED }

  private final RelayCore core;
  private final V2Relay v2Relay;
  private final NetSocket socket;
  private final String addressKey;
  private final long openedNanos;
  private final LineFramer framer;
  private final TokenBucket bucket;
  private State state = State.NEW;
  private V1Session v1; // set by a version 1 hello
  private final HeldInput input;
  private V2Session v2; // set by a version 2 hello
  private final ClientOutput output;
  private RoomWaits roomWaits; // made when a stored frame first waits for room
  private boolean dirty;
  private long lastReadNanos;
  private int badFrames;
  private LogThrottle errorLog; // made on the first error: most connections never send a bad frame
  private long badWindowStart;

  Connection(RelayCore core, V2Relay v2Relay, NetSocket socket, String addressKey) {
    this.core = core;
    this.v2Relay = v2Relay;
    this.socket = socket;
    this.addressKey = addressKey;
    this.openedNanos = core.nanoTime();
    this.lastReadNanos = openedNanos;
    this.bucket = new TokenBucket(core.config().ratePerSecond(), core.config().rateBurst(), lastReadNanos);
    // until it has joined, a stranger's half-sent frame may hold at most the small pre-join limit
    this.input = new HeldInput(socket, this::handle);
    this.framer = new LineFramer(core.config().preJoinMaxFrameBytes(), input::offer, this::onFrameTooLarge);
    this.output = new ClientOutput(socket, core.outputBudget(), core.stats());
    socket.setWriteQueueMaxSize(core.config().maxWriteQueueBytes());
    socket.closeHandler(v -> {
      closed(CloseReason.CLIENT_CLOSED);
      this.core.endTask(); // the field, not the parameter: the handler then holds one reference
    });
  }

  void start() {
    socket.handler(chunk -> {
      lastReadNanos = core.nanoTime();
      core.stats().bytesIn.add(chunk.length());
      framer.handle(chunk);
      core.endTask();
    });
    socket.exceptionHandler(e -> LOG.debug("socket error from {}: {}", remote(), e.toString()));
  }

  /** The version 1 member this connection is, or null (version 2, or not joined yet). */
  Membership.Member member() { return v1 == null ? null : v1.member(); }

  String nick() {
    Membership.Member member = member();
    return member != null ? member.nick() : v2 != null ? v2.nick() : null;
  }

  boolean isClosed() { return state == State.CLOSED; }

  long lastReadNanos() { return lastReadNanos; }

  long openedNanos() { return openedNanos; }

  /** Authenticated (version 2): the full frame size from now on, as after a version 1 join. */
  void authenticated() { framer.maxFrameBytes(core.config().maxFrameBytes()); }

  /** Joined a room (version 1) or authenticated (version 2): past the pre-join limits. */
  boolean joined() { return state == State.JOINED || v2 != null && v2.authenticated(); }

  String addressKey() { return addressKey; }

  /** Bytes its socket still holds for this client. */
  @Override
  public long queuedBytes() { return output.inSocket(); }

  @Override
  public long ownQueuedBytes() { return output.ownInSocket(); }

  @Override
  public void forEachSharedLine(Consumer<SharedLine> each) { output.forEachLineInSocket(each); }

  /** The version 2 session, or null on a version 1 connection (or before hello). */
  V2Session v2() { return v2; }

  /** The client's address, for logs: made when asked, not kept (the socket keeps its address). */
  String remote() { return String.valueOf(socket.remoteAddress()); }

  // ---- input

  private void handle(Buffer line) {
    MessageHeader header = FrameCodec.storedHeader(line); // the hot path: no tree, no big Strings
    // version 1 connections may not send the version 2 types: the full decode below refuses them
    if (header != null && (v2 != null || header.isMessage())) {
      if (overRate(header.id())) {
        return;
      } else if (v2 != null) {
        v2.onScanned(header, line);
      } else if (state != State.JOINED) {
        error(ErrorCode.NOT_JOINED, "send hello first", header.id());
      } else {
        v1.onMessage(header, line);
      }
      return;
    }
    Frame frame;
    try {
      frame = FrameCodec.decode(line);
    } catch (ProtocolException e) {
      refuseBadInput(e);
      return;
    }
    if (!(frame instanceof Frame.Quit) && overRate(idOf(frame))) {
      return;
    }
    if (frame instanceof Frame.Ping) {
      send(new Frame.Pong());
    } else if (frame instanceof Frame.Pong) {
      return; // the answer to a relay ping needs nothing
    } else if (frame instanceof Frame.Quit) {
      close(CloseReason.QUIT);
    } else if (frame instanceof Frame.Hello hello) {
      onHello(hello);
    } else if (v2 != null) {
      if (!v2.handle(frame, line)) {
        refuseBadInput(new ProtocolException(ErrorCode.UNKNOWN_TYPE,
            "frame type '" + frame.type() + "' is sent by the relay, not by clients"));
      }
    } else if (state != State.JOINED) {
      error(ErrorCode.NOT_JOINED, "send hello first", idOf(frame));
    } else if (frame instanceof Frame.Message m) {
      v1.onMessage(MessageHeader.of(m), line); // a valid message the fast path left to the decoder
    } else if (frame instanceof Frame.Join join) {
      v1.onJoin(join.room());
    } else if (frame instanceof Frame.RoomsRequest) {
      send(v2Relay.roomList());
    } else if (frame instanceof Frame.Auth || frame instanceof Frame.Part
        || frame instanceof Frame.GroupMessage || frame instanceof Frame.SenderKey) {
      refuseBadInput(new ProtocolException(ErrorCode.UNKNOWN_TYPE,
          "frame type '" + frame.type() + "' needs a version 2 connection (hello with \"version\":2)"));
    } else {
      refuseBadInput(new ProtocolException(ErrorCode.UNKNOWN_TYPE,
          "frame type '" + frame.type() + "' is sent by the relay, not by clients"));
    }
  }

  /** Takes a token, or answers rate_limited: the frame is dropped, the connection kept. */
  private boolean overRate(String messageId) {
    if (bucket.tryTake(core.nanoTime())) {
      return false;
    }
    core.stats().rateLimited.increment();
    error(ErrorCode.RATE_LIMITED, "too many frames; this one was dropped", messageId);
    return true;
  }

  private void onHello(Frame.Hello hello) {
    if (state != State.NEW) {
      error(ErrorCode.ALREADY_JOINED, nick() != null ? "this connection has already joined as " + nick()
          : "this connection has already sent hello", null);
      return;
    }
    if (hello.version() == 2 && !v2Relay.servesV2()) {
      // a clustered node whose store is its own could not keep seqs or registrations cluster-wide: fail closed
      refuseBadInput(new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
          "this relay is clustered without a shared store and speaks version 1 only; connect with --protocol 1"));
      return;
    }
    if (hello.version() == 2) {
      v2 = V2Session.start(this, v2Relay, hello);
      if (v2 != null) {
        state = State.V2;
      }
      return;
    }
    v1 = new V1Session(this, core, v2Relay);
    v1.start(hello);
  }

  /** The first room joined (version 1): past the pre-join limits, the full frame size from now on. */
  void joinedFirstRoom() {
    state = State.JOINED;
    framer.maxFrameBytes(core.config().maxFrameBytes());
  }

  /** Later frames wait (queued, the socket paused) until as many {@link #release}s. */
  void hold() { input.hold(); }

  void release() { input.release(); }

  private void onFrameTooLarge() {
    String when = state == State.JOINED ? "" : " before joining";
    error(ErrorCode.FRAME_TOO_LARGE, "frames may be at most " + framer.maxFrameBytes() + " bytes" + when, null);
    close(CloseReason.FRAME_TOO_LARGE);
  }

  /** Answers malformed input; a connection that keeps sending it is closed. */
  void refuseBadInput(ProtocolException e) {
    error(e.code(), e.getMessage(), e.messageId());
    long now = core.nanoTime();
    if (now - badWindowStart > core.config().badFrameWindow().toNanos()) {
      badWindowStart = now;
      badFrames = 0;
    }
    if (++badFrames >= core.config().badFrameLimit()) {
      close(CloseReason.BAD_FRAMES);
    }
  }

  private static String idOf(Frame frame) {
    MessageHeader stored = MessageHeader.ofStored(frame); // the id the fast path would have named
    return stored != null ? stored.id() : null;
  }

  // ---- output

  /** An error about a room or a message in it: version 2 names the room, version 1 cannot. */
  void errorInRoom(ErrorCode code, String text, String id, String room) {
    core.stats().errors(code).increment();
    logError(code);
    send(new Frame.Error(code.wire(), text, id, v2 != null ? room : null));
  }

  void error(ErrorCode code, String text, String id) {
    core.stats().errors(code).increment();
    logError(code);
    send(new Frame.Error(code.wire(), text, id));
  }

  /** One log line per error, but at most one a second per connection. */
  private void logError(ErrorCode code) {
    if (errorLog == null) {
      errorLog = new LogThrottle(openedNanos);
    }
    String more = errorLog.admit(core.nanoTime());
    if (more != null) {
      LOG.info("error {} to {} ({}){}", code.wire(), nick() == null ? "-" : nick(), remote(), more);
    }
  }

  void send(Frame frame) { send(FrameCodec.encode(frame)); }

  /** Membership or presence news of {@code room}: a version 2 session holds it until its welcome is out. */
  void sendRoomNews(String room, Frame toV1, Frame toV2) {
    if (v2 != null) {
      v2.news(room, toV2);
    } else {
      send(toV1);
    }
  }

  /** Queues an encoded frame, its newline included. */
  void send(byte[] line) { enqueue(Buffer.buffer(line)); }

  /** Queues a stored frame for a version 2 client: {@code head} (the delivery's start), the line, "}\n". */
  void deliverWrapped(Buffer head, Buffer line) {
    core.stats().messagesDelivered.increment();
    enqueue(head);
    enqueue(line);
    enqueue(DELIVERY_TAIL);
  }

  /** Whether {@code bytes} more may be written now: see {@link ClientOutput#hasRoomFor}. */
  boolean hasRoomFor(long bytes) { return output.hasRoomFor(bytes); }

  /** Runs {@code then} once it {@link #hasRoomFor} {@code bytes} (polled; stored frames only). */
  void whenRoomFor(long bytes, Runnable then) {
    if (roomWaits == null) {
      roomWaits = new RoomWaits(core.vertx(), this::hasRoomFor, () -> state == State.CLOSED);
    }
    roomWaits.whenRoomFor(bytes, then);
  }

  /** Queues a relayed line (without its newline) for this client. */
  @Override
  public void deliver(Buffer line) {
    core.stats().messagesDelivered.increment();
    enqueue(line);
    enqueue(NEWLINE);
  }

  /** Queues a line many recipients share: this write takes a reference to its one direct copy. */
  @Override
  public void deliver(SharedLine line) {
    core.stats().messagesDelivered.increment();
    if (state != State.CLOSED) {
      output.add(line);
      markDirty();
    }
  }

  private void enqueue(Buffer bytes) {
    if (state == State.CLOSED) {
      return;
    }
    output.add(bytes);
    markDirty();
  }

  private void markDirty() {
    if (!dirty) {
      dirty = true;
      core.taskEnd().markDirty(this);
    }
  }

  /** Writes everything queued since the last flush in one socket write. */
  void flush() {
    dirty = false;
    if (state == State.CLOSED) {
      output.drop(); // gives back any shared line queued before the close
      return;
    }
    output.writeQueued();
    if (output.full()) {
      close(CloseReason.SLOW_CONSUMER);
    }
  }

  // ---- closing

  /**
   * Ends the connection for {@code reason}. Queued frames are still written (the error that
   * explains the close among them), except to a reader cut for being slow, whose queue is
   * dropped at once.
   */
  void close(CloseReason reason) {
    if (state == State.CLOSED) {
      return;
    }
    boolean slow = reason == CloseReason.SLOW_CONSUMER || reason == CloseReason.OUTPUT_BUDGET;
    if (slow) {
      output.drop();
    } else {
      output.writeQueued();
    }
    closed(reason);
    if (slow) {
      hardClose();
    } else {
      socket.close();
      // a peer that never reads would keep a graceful close waiting on its queue for ever
      core.vertx().setTimer(CLOSE_GRACE_MS, t -> hardClose());
    }
  }

  private void hardClose() {
    output.closeNow();
  }

  private void closed(CloseReason reason) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    input.close();
    output.drop(); // close() wrote what it meant to; anything left holds shared lines
    if (v2 != null) {
      v2.closed();
    }
    core.connections().closed(this, reason); // counted closed before its room can hear left
    if (v1 != null) {
      v1.closed();
    }
    LOG.info("disconnect {} ({}): {}", nick() == null ? "-" : nick(), remote(), reason.label());
  }
}
