package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.net.NetSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a client is sent arrives in order, its shared lines uncopied among its own bytes. A reader
 * cut while its socket is full is closed at once and gives back every byte it held: the
 * shared lines' direct buffers are released and the node's output budget comes back to zero.
 * Real sockets; the reader never reads.
 */
class ClientOutputTest {
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
  void ownBytesBetweenSharedLinesArriveInOrderAndCountOnce() throws Exception {
    CompletableFuture<NetSocket> accepted = new CompletableFuture<>();
    server = vertx.createNetServer().connectHandler(accepted::complete);
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    reader = new Socket("127.0.0.1", port);
    reader.setSoTimeout(10_000);
    NetSocket socket = accepted.get(10, TimeUnit.SECONDS);
    OutputBudget budget = new OutputBudget(Long.MAX_VALUE);
    SharedLine b = new SharedLine(Buffer.buffer("B"));
    SharedLine e = new SharedLine(Buffer.buffer("EE"));
    CompletableFuture<Long> counted = new CompletableFuture<>();
    ClientOutput[] output = new ClientOutput[1];
    onLoop(socket, () -> {
      ClientOutput out = new ClientOutput(socket, budget, new RelayStats());
      output[0] = out;
      out.add(Buffer.buffer("a1"));
      out.add(b);
      out.add(Buffer.buffer("c"));
      out.add(Buffer.buffer(""));
      out.add(Buffer.buffer("d"));
      out.add(e);
      out.add(b);
      out.add(Buffer.buffer("g\n"));
      out.writeQueued();
      counted.complete(budget.queued());
      b.release(); // routing is done: the socket's write holds what it needs
      e.release();
    });
    String expected = "a1" + "B\n" + "c" + "d" + "EE\n" + "B\n" + "g\n";
    byte[] got = reader.getInputStream().readNBytes(expected.length());
    assertEquals(expected, new String(got, java.nio.charset.StandardCharsets.US_ASCII));
    long own = "a1cdg\n".length();
    long sharedOnce = "B\n".length() + "EE\n".length();
    assertTrue(counted.get(10, TimeUnit.SECONDS) <= own + sharedOnce, "counted " + counted.get());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long left = -1;
    while (left != 0 && System.nanoTime() < deadline) {
      CompletableFuture<Long> read = new CompletableFuture<>();
      onLoop(socket, () -> read.complete(budget.queued()));
      left = read.get(10, TimeUnit.SECONDS);
      Thread.sleep(10);
    }
    assertEquals(0, left, "bytes still counted once written");
    CompletableFuture<String> held = new CompletableFuture<>();
    onLoop(socket, () -> {
      int[] lines = {0};
      output[0].forEachLineInSocket(line -> lines[0]++);
      held.complete(output[0].inSocket() + " " + output[0].ownInSocket() + " " + lines[0]);
    });
    assertEquals("0 0 0", held.get(10, TimeUnit.SECONDS), "bytes, own bytes and shared lines the socket holds once written");
  }

  private static void onLoop(NetSocket socket, Runnable task) {
    ((NetSocketInternal) socket).channelHandlerContext().executor().execute(task);
  }

  @Test
  void aReaderCutWhileFullHoldsNoSharedLineAndNoBudget() throws Exception {
    CompletableFuture<NetSocket> accepted = new CompletableFuture<>();
    server = vertx.createNetServer().connectHandler(accepted::complete);
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    reader = new Socket();
    reader.setReceiveBufferSize(4096);
    reader.connect(new InetSocketAddress("127.0.0.1", port));
    fillThenCut(accepted.get(10, TimeUnit.SECONDS));
  }

  /** Over TLS the close goes through the TLS handler's close_notify, which a reader that never reads never takes. */
  @Test
  void aTlsReaderCutWhileFullIsClosedToo() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    CompletableFuture<NetSocket> accepted = new CompletableFuture<>();
    server = vertx.createNetServer(new NetServerOptions().setSsl(true).setKeyCertOptions(cert.keyCertOptions()))
        .connectHandler(accepted::complete);
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {new TrustingTheTestCert()}, null);
    SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
    reader = socket;
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.startHandshake();
    fillThenCut(accepted.get(10, TimeUnit.SECONDS));
  }

  private static void fillThenCut(NetSocket socket) throws Exception {
    OutputBudget budget = new OutputBudget(Long.MAX_VALUE);

    SharedLine line = new SharedLine(Buffer.buffer(new byte[LINE_BYTES]));
    CompletableFuture<ByteBuf> probe = new CompletableFuture<>(); // our own reference, to read the count
    CompletableFuture<Integer> writes = new CompletableFuture<>();
    CompletableFuture<Long> counted = new CompletableFuture<>();
    onLoop(socket, () -> {
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
    ((NetSocketInternal) socket).channelHandlerContext().channel().closeFuture().get(10, TimeUnit.SECONDS); // TLS: after close_notify waits 3 s
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
    onLoop(socket, () -> left.complete(budget.queued()));
    assertEquals(0, left.get(10, TimeUnit.SECONDS), "bytes still counted against the budget");
    mine.release();
  }

  /** The server's own self-signed certificate, made by this test: nothing else reaches it. */
  private static final class TrustingTheTestCert implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
  }
}
