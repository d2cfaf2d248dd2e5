package dev.chatroom.bench;

import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.MessageHeader;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The relay's check of a stored frame's line before it routes it: version 2 group message (1 KB payload), version 1 message. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GroupLineBenchmark {
  private Buffer line;
  private Buffer messageLine;

  @Setup
  public void setup() {
    SplittableRandom random = new SplittableRandom(42);
    byte[] token = new byte[1024 + 73];
    byte[] signature = new byte[64];
    random.nextBytes(token);
    random.nextBytes(signature);
    byte[] encoded = FrameCodec.encode(new Frame.GroupMessage("0b6f4c1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b", "bench",
        "m0", 1_700_000_000_000L, "0123456789abcdef0123456789abcdef", 7, Base64.getUrlEncoder().encodeToString(token),
        Base64.getEncoder().encodeToString(signature)));
    line = Buffer.buffer(Arrays.copyOf(encoded, encoded.length - 1));
    java.util.TreeMap<String, String> keys = new java.util.TreeMap<>();
    for (int i = 1; i < 10; i++) {
      byte[] wrapped = new byte[384]; // RSA-3072
      random.nextBytes(wrapped);
      keys.put("m" + i, Base64.getEncoder().encodeToString(wrapped));
    }
    byte[] message = FrameCodec.encode(new Frame.Message("0b6f4c1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b", "bench", "m0",
        1_700_000_000_000L, Base64.getUrlEncoder().encodeToString(token), keys, Base64.getEncoder().encodeToString(signature)));
    messageLine = Buffer.buffer(Arrays.copyOf(message, message.length - 1));
    if (FrameCodec.storedHeader(line) == null || FrameCodec.storedHeader(messageLine) == null) {
      throw new IllegalStateException("the line is not canonical");
    }
  }

  @Benchmark
  public MessageHeader storedHeader() {
    return FrameCodec.storedHeader(line);
  }

  /** A version 1 message of a room of 10 (nine RSA-3072 wrapped keys, 6.4 KB). */
  @Benchmark
  public MessageHeader messageRoom10() {
    return FrameCodec.storedHeader(messageLine);
  }
}
