package dev.chatroom.bench;

import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.LineFramer;
import dev.chatroom.protocol.MessageHeader;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a relay's read of 16 whole stored frames costs: finding each newline and then checking
 * each line (the plain framer), against checking each line while finding its end (the framer
 * with a header sink). Ops are lines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FramingOnePassBenchmark {
  /** A group message of 1,770 bytes, or a room-10 version 1 message of 6,400. */
  @Param({"group_message", "message"})
  public String frame;

  private Buffer sixteen;
  private LineFramer twoPasses;
  private LineFramer onePass;
  private MessageHeader read;

  @Setup
  public void setup() {
    byte[] line = frame.equals("message") ? GroupLineBenchmark.messageOfRoom10() : GroupLineBenchmark.groupMessage();
    sixteen = Buffer.buffer();
    for (int i = 0; i < 16; i++) {
      sixteen.appendBytes(line);
    }
    twoPasses = new LineFramer(1024 * 1024, l -> read = FrameCodec.storedHeader(l), () -> { });
    onePass = new LineFramer(1024 * 1024, l -> read = FrameCodec.storedHeader(l), (l, header) -> read = header, () -> { });
  }

  @Benchmark
  @OperationsPerInvocation(16)
  public MessageHeader frameThenRead() {
    twoPasses.handle(sixteen);
    return read;
  }

  @Benchmark
  @OperationsPerInvocation(16)
  public MessageHeader frameWhileReading() {
    onePass.handle(sixteen);
    return read;
  }
}
