package dev.chatroom.bench;

import dev.chatroom.crypto.Identity;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.LineFramer;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The relay's per-frame work on input: splitting a read into lines, and decoding plus
 * validating a message frame (1 KB payload, 3072-bit wrapped keys for every other member).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FramingBenchmark {
  @Param({"10", "100"})
  public int roomSize;

  private byte[] line;
  private Buffer sixteenLines;
  private LineFramer framer;
  private Blackhole sink;

  @Setup
  public void setup(Blackhole bh) throws Exception {
    sink = bh;
    Workload w = new Workload(roomSize, 1, 1, 1024, Duration.ZERO, Duration.ofSeconds(1), false, 3072, 1);
    MessageFactory factory = new MessageFactory(w, Identity.generate(2048));
    ByteBuffer out = ByteBuffer.allocate(factory.lineBytes());
    factory.write(out, 0, 1, 1);
    byte[] withNewline = out.array();
    line = java.util.Arrays.copyOf(withNewline, withNewline.length - 1);
    Buffer chunk = Buffer.buffer();
    for (int i = 0; i < 16; i++) {
      chunk.appendBytes(withNewline);
    }
    sixteenLines = chunk;
    framer = new LineFramer(1024 * 1024, sink::consume, () -> { });
  }

  /** Ops are lines: one call frames 16 of them. */
  @Benchmark
  @org.openjdk.jmh.annotations.OperationsPerInvocation(16)
  public void frame16Lines() {
    framer.handle(sixteenLines);
  }

  @Benchmark
  public Frame decodeAndValidateMessage() throws Exception {
    return FrameCodec.decode(line);
  }
}
