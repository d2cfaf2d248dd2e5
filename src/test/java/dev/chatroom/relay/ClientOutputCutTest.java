package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reader cut while its socket is full is closed at once and gives back every byte it held: the
 * shared lines' direct buffers are released and the node's output budget comes back to zero.
 * Real sockets; the reader never reads.
 */
class ClientOutputCutTest {
  private static final int LINE_BYTES = 64 * 1024;

  private Vertx vertx;
  private NetServer server;
  private Socket reader;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (reader != null) {
      reader.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aReaderCutWhileFullHoldsNoSharedLineAndNoBudget() throws Exception {
    OutputBudget budget = new OutputBudget(Long.MAX_VALUE);
    CompletableFuture<NetSocket> accepted = new CompletableFuture<>();
    server = vertx.createNetServer().connectHandler(accepted::complete);
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    reader = new Socket();
    reader.setReceiveBufferSize(4096);
    reader.connect(new InetSocketAddress("127.0.0.1", port));
    NetSocket socket = accepted.get(10, TimeUnit.SECONDS);

    SharedLine line = new SharedLine(Buffer.buffer(new byte[LINE_BYTES]));
    CompletableFuture<ByteBuf> probe = new CompletableFuture<>(); // our own reference, to read the count
    CompletableFuture<Integer> writes = new CompletableFuture<>();
    CompletableFuture<Long> counted = new CompletableFuture<>();
    ((NetSocketInternal) socket).channelHandlerContext().executor().execute(() -> {
      socket.setWriteQueueMaxSize(1024 * 1024);
      ClientOutput out = new ClientOutput(socket, budget, new RelayStats());
      probe.complete(line.retainedDirect());
      int n = 0;
      while (!out.full() && n < 10_000) { // as Connection.flush: one write per event, cut once full
        out.add(line);
        out.writeQueued();
        n++;
      }
      writes.complete(n);
      counted.complete(budget.queued());
      out.closeNow(); // as Connection's cut of a slow reader
      line.release(); // routing is done
    });
    // the reader still reads nothing: the cut must not wait for it
    ((NetSocketInternal) socket).channelHandlerContext().channel().closeFuture().get(5, TimeUnit.SECONDS);
    ByteBuf mine = probe.get(10, TimeUnit.SECONDS);
    int n = writes.get(10, TimeUnit.SECONDS);
    assertTrue(n > 1 && n < 10_000, "the socket filled up after " + n + " writes");
    // however many writes hold it, the one shared line counts once
    assertEquals(LINE_BYTES + 1, counted.get(), "what the socket held was counted");

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (mine.refCnt() > 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, mine.refCnt(), "references to the shared line still held after the cut");
    CompletableFuture<Long> left = new CompletableFuture<>();
    ((NetSocketInternal) socket).channelHandlerContext().executor().execute(() -> left.complete(budget.queued()));
    assertEquals(0, left.get(10, TimeUnit.SECONDS), "bytes still counted against the budget");
    mine.release();
  }
}
