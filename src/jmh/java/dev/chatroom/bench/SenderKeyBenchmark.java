package dev.chatroom.bench;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.PeerKeys;
import dev.chatroom.crypto.senderkey.EpochFacts;
import dev.chatroom.crypto.senderkey.GroupOpener;
import dev.chatroom.crypto.senderkey.GroupSealer;
import dev.chatroom.crypto.senderkey.KeyDistribution;
import dev.chatroom.crypto.senderkey.MemberView;
import dev.chatroom.crypto.senderkey.MissingKeys;
import dev.chatroom.crypto.senderkey.ReceiverKeys;
import dev.chatroom.crypto.senderkey.RotationPolicy;
import dev.chatroom.crypto.senderkey.SenderChain;
import dev.chatroom.protocol.Frame;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/**
 * Section 12 costs for a 1 KB line at room sizes 10, 100 and 1,000 (RSA-3072 members): seal,
 * the rotation and distribution checks a client runs before each line, open (verify, ratchet,
 * decrypt, among the chains of every other member), and a distribution to the whole room.
 * Frame sizes are printed by {@link SenderKeyFrameSizes}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SenderKeyBenchmark {
  private static final int BATCH = RotationPolicy.MAX_MESSAGES_PER_EPOCH;

  @Param({"10", "100", "1000"})
  public int roomSize;

  private final Clock clock = Clock.systemUTC();
  private final GroupSealer sealer = new GroupSealer(clock);
  private final RotationPolicy policy = new RotationPolicy(clock);
  private Identity me;
  private Payload line;
  private List<MemberView> members;
  private Map<String, MemberView> membersByNick;
  private SenderChain steady;
  private List<PeerKeys> others;
  private SenderChain sealing;
  private final List<Frame.GroupMessage> toOpen = new ArrayList<>();
  private Frame.SenderKey myKey;
  private PublicKey mySig;
  private GroupOpener opener;
  private int next;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    me = Identity.generate(3072);
    mySig = me.ed25519().getPublic();
    line = Payload.text("x".repeat(1024));
    others = SenderKeyFrameSizes.members(me, roomSize - 1);
    members = others.stream().map(p -> new MemberView(p, true)).toList();
    membersByNick = new HashMap<>();
    members.forEach(m -> membersByNick.put(m.nick(), m));
    steady = SenderChain.start("lobby", clock);
    sealer.distribute(me, "alice", steady, others);
    sealing = SenderChain.start("lobby", clock);
    SenderChain forOpen = SenderChain.start("lobby", clock);
    myKey = sealer.distribute(me, "alice", forOpen, others.subList(0, 1)).get(0);
    for (int i = 0; i < BATCH; i++) {
      toOpen.add(sealer.seal(me, "alice", forOpen, line));
    }
  }

  /** A receiver holding the chains of every other member, as in a real room. */
  @Setup(Level.Iteration)
  public void freshReceiver() throws Exception {
    ReceiverKeys keys = new ReceiverKeys();
    for (int i = 1; i < Math.min(roomSize - 1, ReceiverKeys.MAX_SENDERS); i++) {
      byte[] ck = new byte[32];
      keys.add("lobby", "m" + i, "0123456789abcdef0123456789abcdef", "A".repeat(60), ck, 0);
    }
    opener = new GroupOpener(keys, new MissingKeys(), clock);
    opener.accept(myKey, mySig, "m0", me.rsa().getPrivate());
    next = 0;
  }

  /** Seal alone: it takes no member list, so the room's size cannot enter. */
  @Benchmark
  public Frame.GroupMessage sealGroupMessage1KB() throws Exception {
    if (sealing.facts().messagesSent() == BATCH) {
      sealing = SenderChain.start("lobby", clock); // every 1,000 lines; its wraps are below
    }
    return sealer.seal(me, "alice", sealing, line);
  }

  /** What the client checks before each line: rotation, then "who still needs my key". */
  @Benchmark
  public boolean checkRulesBeforeLine() {
    EpochFacts facts = steady.facts();
    if (policy.reason(facts, membersByNick).isPresent()) {
      throw new IllegalStateException("a steady room needs no new epoch");
    }
    return KeyDistribution.needingKey(facts, members, "alice").isEmpty();
  }

  @Benchmark
  public byte[] openGroupMessage1KB() throws Exception {
    if (next == BATCH) {
      freshReceiver();
    }
    return opener.open(toOpen.get(next++), mySig);
  }

  /** One sender_key for the whole room: an RSA-3072 wrap per member and one signature. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public List<Frame.SenderKey> distributeToRoom() throws Exception {
    return sealer.distribute(me, "alice", SenderChain.start("lobby", clock), others);
  }
}
