package dev.chatroom.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageSealer;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.PeerKeys;
import dev.chatroom.crypto.senderkey.GroupSealer;
import dev.chatroom.crypto.senderkey.SenderChain;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wire bytes of a 1 KB line as a v1 {@code message} and as a {@code group_message}, at rooms
 * of 2, 10, 100 and 1,000 (RSA-3072). Printed once per room size; the benchmark body only
 * re-encodes so that JMH runs the setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(1)
public class SenderKeyFrameSizes {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Param({"2", "10", "100", "1000"})
  public int roomSize;

  private Frame.GroupMessage group;

  @Setup
  public void measure() throws Exception {
    Identity me = Identity.generate(3072);
    Payload line = Payload.text("x".repeat(1024));
    List<PeerKeys> others = members(me, roomSize - 1);
    Map<String, PublicKey> rsa = new LinkedHashMap<>();
    others.forEach(p -> rsa.put(p.nick(), p.encKey()));
    Frame.Message v1 = new MessageSealer().seal(me, "alice", "lobby", line.encode(), rsa);
    SenderChain chain = SenderChain.start("lobby", Clock.systemUTC());
    group = new GroupSealer().seal(me, "alice", chain, line);
    int v1Bytes = FrameCodec.encode(v1).length;
    int groupBytes = groupMessageBytes(group);
    System.out.printf("%nFRAME SIZE room=%d: v1 message %d bytes, group_message %d bytes (%.1fx)%n",
        roomSize, v1Bytes, groupBytes, v1Bytes / (double) groupBytes);
  }

  @Benchmark
  public int encodeGroupMessage() throws Exception {
    return groupMessageBytes(group);
  }

  /** Section 12's wire form, newline included (FrameCodec learns group_message separately). */
  static int groupMessageBytes(Frame.GroupMessage g) throws Exception {
    Map<String, Object> wire = new LinkedHashMap<>();
    wire.put("type", g.type());
    wire.put("id", g.id());
    wire.put("room", g.room());
    wire.put("from", g.from());
    wire.put("sent", g.sent());
    wire.put("epoch", g.epoch());
    wire.put("index", g.index());
    wire.put("encrypted_message", g.encryptedMessage());
    wire.put("signature", g.signature());
    return JSON.writeValueAsBytes(wire).length + 1;
  }

  /** {@code n} members m0..m(n-1) sharing one RSA key: public-key costs are the same. */
  static List<PeerKeys> members(Identity keys, int n) {
    List<PeerKeys> out = new ArrayList<>();
    PeerKeys base = keys.asPeer("m0");
    for (int i = 0; i < n; i++) {
      out.add(new PeerKeys("m" + i, base.encKey(), base.sigKey(), base.encKeyB64(),
          base.sigKeyB64(), base.fingerprint()));
    }
    return out;
  }
}
