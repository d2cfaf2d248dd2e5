package dev.chatroom.bench;

import dev.chatroom.crypto.Identity;
import dev.chatroom.server.RelayRuntime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Routing one message to N connections through a real relay: the sender writes one frame and
 * waits for its ack; a background thread drains the N-1 recipients. Includes loopback I/O.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutingBenchmark {
  @Param({"10", "100"})
  public int roomSize;

  private RelayRuntime relay;
  private MessageFactory factory;
  private LoadClient sender;
  private final List<LoadClient> members = new ArrayList<>();
  private Thread drainer;
  private volatile boolean stop;
  private final ByteBuffer out = ByteBuffer.allocate(1 << 20);
  private long seq;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    Identity id = Identity.generate(3072);
    Workload w = new Workload(roomSize, 1, 1, 1024, Duration.ZERO, Duration.ofSeconds(1), false, 3072, 1);
    factory = new MessageFactory(w, id);
    relay = RelayRuntime.start(BenchCommand.embeddedRelay(roomSize + 10));
    InetSocketAddress at = new InetSocketAddress("127.0.0.1", relay.relay().port());
    for (int i = 0; i < roomSize; i++) {
      LoadClient c = new LoadClient(i, at, 1, false);
      c.writeFully(ByteBuffer.wrap(dev.chatroom.protocol.FrameCodec.encode(new dev.chatroom.protocol.Frame.Hello(
          1, c.nick, Workload.ROOM, id.encKey(), id.sigKey()))), System.nanoTime() + 10_000_000_000L);
      c.awaitLine("{\"type\":\"welcome\"", System.nanoTime() + 10_000_000_000L);
      (i == 0 ? new ArrayList<LoadClient>() : members).add(c);
      if (i == 0) {
        sender = c;
      }
    }
    drainer = new Thread(this::drain, "routing-drainer");
    drainer.setDaemon(true);
    drainer.start();
  }

  /** Reads and drops what the recipients get, waiting in a selector rather than spinning. */
  private void drain() {
    ByteBuffer sinkBuf = ByteBuffer.allocateDirect(1 << 20);
    try (Selector selector = Selector.open()) {
      for (LoadClient c : members) {
        c.channel.register(selector, SelectionKey.OP_READ, c);
      }
      while (!stop) {
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          sinkBuf.clear();
          while (((LoadClient) key.attachment()).channel.read(sinkBuf) > 0) {
            sinkBuf.clear();
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      // the trial is ending
    }
  }

  @Benchmark
  public String routeOneMessage() throws Exception {
    out.clear();
    factory.write(out, 0, seq++, 0);
    out.flip();
    sender.writeFully(out, System.nanoTime() + 10_000_000_000L);
    return sender.awaitLine("{\"type\":\"ack\"", System.nanoTime() + 10_000_000_000L);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    stop = true;
    drainer.join(2000);
    sender.close();
    members.forEach(LoadClient::close);
    relay.stop(5);
  }
}
