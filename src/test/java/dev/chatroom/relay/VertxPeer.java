package dev.chatroom.relay;

import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.VertxTestContext;

/**
 * A protocol peer on the test's own Vert.x: each frame from the relay is an event, for tests that
 * wait on {@code Checkpoint}s instead of blocking reads. A bad frame or a failed assertion in the
 * handler fails the test context at once.
 */
final class VertxPeer {
  private final NetSocket socket;
  private final Future<Void> closed;

  private VertxPeer(NetSocket socket, Future<Void> closed) {
    this.socket = socket;
    this.closed = closed;
  }

  /** Connects, says hello as {@code nick} in {@code room} and hands {@code frames} every frame, the welcome first. */
  static Future<VertxPeer> hello(NetClient client, int port, String nick, String room, VertxTestContext ctx,
      Handler<Frame> frames) {
    return client.connect(port, "127.0.0.1").map(socket -> {
      Promise<Void> closed = Promise.promise();
      socket.closeHandler(v -> closed.complete()); // set before the relay can close it
      socket.handler(RecordParser.newDelimited("\n", line -> ctx.verify(() -> frames.handle(FrameCodec.decode(line)))));
      VertxPeer peer = new VertxPeer(socket, closed.future());
      peer.send(new Frame.Hello(1, nick, room, WireClient.identity().encKey(), WireClient.identity().sigKey()));
      return peer;
    });
  }

  void send(Frame frame) { socket.write(Buffer.buffer(FrameCodec.encode(frame))); }

  /** Completes when the connection ends, whoever ended it. */
  Future<Void> closed() { return closed; }
}
