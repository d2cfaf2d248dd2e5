package dev.chatroom.bench;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Identity;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs one workload against one server: joins the members (or, for the baseline forwarder,
 * just connects them), sends from one pacing thread and receives on two selector threads.
 */
public final class LoadGenerator {
  static final int RECEIVER_THREADS = 2;
  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);
  /** However long a backlog keeps arriving (readers a relay paused catch up from its store), the drain ends here. */
  private static final long MAX_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(120);
  private static final long PING_EVERY_NANOS = TimeUnit.SECONDS.toNanos(20);
  private static final long JOIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(15);
  private static final int SATURATE_BATCH = 16;
  /** Sent once through the forwarder before a run: see {@link #awaitForwarderPeers}. */
  private static final byte[] PROBE = "{\"type\":\"probe\"}\n".getBytes(StandardCharsets.US_ASCII);
  /** Time the version 2 sender keys get to reach every member before the run's clock starts. */
  private static final long SENDER_KEY_SETUP_NANOS = TimeUnit.SECONDS.toNanos(120);

  private final Workload w;
  private final Identity identity;
  private final InetSocketAddress senderServer;
  private final InetSocketAddress receiverServer;
  private final Wire wire;
  private final Roster roster;
  private final MessageFactory factory;
  private final List<LoadClient> clients = new ArrayList<>();
  /** Where sender s writes: its member's socket, or for Redis a publishing connection of its own. */
  private final List<LoadClient> outputs = new ArrayList<>();
  private final AtomicLongArray deliveredBySender;
  private final AtomicLong acks = new AtomicLong();
  private final AtomicLong windowAcks = new AtomicLong();
  private final AtomicLong senderKeys = new AtomicLong();
  private final long[] sent;
  private long windowSent;
  private ProcessHandle serverProcess;
  private String sendFailure;
  private long drainQuietNanos = DRAIN_NANOS;

  /** {@code protocol} false: the baseline forwarder, which needs no hello and sends no acks. */
  public LoadGenerator(Workload workload, Identity identity, InetSocketAddress server, boolean protocol) {
    this(workload, identity, server, server, protocol);
  }

  /** Senders connect to {@code senderServer}, the other members to {@code receiverServer}. */
  public LoadGenerator(Workload workload, Identity identity, InetSocketAddress senderServer,
                       InetSocketAddress receiverServer, boolean protocol) {
    this(workload, identity, senderServer, receiverServer, protocol ? Wire.V1 : Wire.FORWARDER, Roster.V1);
  }

  LoadGenerator(Workload workload, Identity identity, InetSocketAddress server, Wire wire, Roster roster) {
    this(workload, identity, server, server, wire, roster);
  }

  LoadGenerator(Workload workload, Identity identity, InetSocketAddress senderServer,
                InetSocketAddress receiverServer, Wire wire, Roster roster) {
    this.w = workload;
    this.identity = identity;
    this.senderServer = senderServer;
    this.receiverServer = receiverServer;
    this.wire = wire;
    this.roster = roster;
    this.factory = new MessageFactory(workload, identity, roster, wire);
    this.deliveredBySender = new AtomicLongArray(workload.senders());
    this.sent = new long[workload.senders()];
  }

  /** The server's process, when it is ours, so that its CPU in the measured window is reported. */
  LoadGenerator serverProcess(ProcessHandle process) {
    this.serverProcess = process;
    return this;
  }

  public BenchResult run(String target) throws IOException, InterruptedException, CryptoException {
    try {
      connect();
      return measure(target);
    } finally {
      clients.forEach(LoadClient::close);
      if (wire == Wire.REDIS) {
        outputs.forEach(LoadClient::close);
      }
    }
  }

  private void connect() throws IOException, CryptoException {
    List<String> welcomes = new ArrayList<>();
    long nextPing = System.nanoTime() + PING_EVERY_NANOS;
    for (int i = 0; i < w.roomSize(); i++) {
      if (System.nanoTime() > nextPing) { // joining 1,000 members takes minutes on a busy machine
        pingAll(System.nanoTime() + JOIN_TIMEOUT_NANOS);
        nextPing = System.nanoTime() + PING_EVERY_NANOS;
      }
      LoadClient c = new LoadClient(i, roster.nick(i), i < w.senders() ? senderServer : receiverServer,
          w.senders(), w.realCrypto());
      clients.add(c);
      long deadline = System.nanoTime() + JOIN_TIMEOUT_NANOS;
      switch (wire) {
        case V1 -> welcomes.add(Joiner.v1(c, identity, roster, deadline));
        case V2, V2_SQLITE, V2_POSTGRES -> Joiner.v2(c, identity, roster, deadline);
        case REDIS -> Joiner.redisSubscriber(c, roster, w.senders(), deadline);
        default -> { } // the forwarder and the sink need no hello
      }
    }
    for (int s = 0; s < w.senders(); s++) {
      outputs.add(wire == Wire.REDIS
          ? new LoadClient(s, "publisher-" + s, senderServer, w.senders(), false) : clients.get(s));
    }
    if (wire == Wire.V1) {
      for (int s = 0; s < w.senders(); s++) {
        awaitRoster(clients.get(s), welcomes.get(s));
      }
    }
    if (wire == Wire.FORWARDER) {
      awaitForwarderPeers(System.nanoTime() + JOIN_TIMEOUT_NANOS);
    }
  }

  /**
   * The forwarder has no hello: a member counts from when it accepts the socket, which can be
   * after the client's connect returned, and lines read before then never reach it (the first
   * lines of a run were counted lost). It accepts in connection order, so once a probe from the
   * last member reaches the first, every member is in. Receivers ignore the probe.
   */
  private void awaitForwarderPeers(long deadline) throws IOException {
    clients.get(clients.size() - 1).writeFully(ByteBuffer.wrap(PROBE), deadline);
    clients.get(0).awaitLine("{\"type\":\"probe\"", deadline);
  }

  /**
   * Waits until a sender has heard of every other member (welcome, then joined), so that its
   * node knows them all; on a cluster the members on the other node arrive by replication.
   */
  private void awaitRoster(LoadClient sender, String welcome) throws IOException {
    Set<String> unseen = new HashSet<>();
    for (LoadClient c : clients) {
      if (c != sender && !welcome.contains("\"nick\":\"" + c.nick + "\"")) {
        unseen.add(c.nick);
      }
    }
    long deadline = System.nanoTime() + JOIN_TIMEOUT_NANOS * 2;
    while (!unseen.isEmpty()) {
      String joined = sender.awaitLine("{\"type\":\"joined\"", deadline);
      int at = joined.indexOf("\"nick\":\"") + 8;
      unseen.remove(joined.substring(at, joined.indexOf('"', at)));
    }
  }

  private BenchResult measure(String target) throws IOException, InterruptedException, CryptoException {
    RunClock clock = RunClock.startingNow(w);
    List<Receiver> receivers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<LoadClient> readable = new ArrayList<>(clients);
    if (wire == Wire.REDIS) {
      readable.addAll(outputs); // PUBLISH replies, read and dropped so that Redis never waits on them
    }
    for (int t = 0; t < RECEIVER_THREADS; t++) {
      List<LoadClient> mine = new ArrayList<>();
      for (int i = t; i < readable.size(); i += RECEIVER_THREADS) {
        mine.add(readable.get(i));
      }
      Receiver r = new Receiver(mine, clock, w.realCrypto() ? identity : null, deliveredBySender,
          new Receiver.Counters(acks, windowAcks, senderKeys));
      receivers.add(r);
      Thread thread = new Thread(r, "bench-receiver-" + t);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    CpuMeter cpu = null;
    Thread meter = null;
    try {
      if (wire.v2()) {
        // each sender's epoch, before its first group message: set-up, as a real client's, so it is
        // delivered before the clock starts (at room 1,000 it is 1 GB of wrapped keys in all)
        long setupEnd = System.nanoTime() + SENDER_KEY_SETUP_NANOS;
        for (int s = 0; s < w.senders(); s++) {
          clients.get(s).writeFully(ByteBuffer.wrap(factory.senderKey(s)), setupEnd);
        }
        long nextPing = System.nanoTime() + PING_EVERY_NANOS;
        while (senderKeys.get() < expectedSenderKeys() && System.nanoTime() < setupEnd) {
          Thread.sleep(5);
          if (System.nanoTime() > nextPing) {
            pingAll(setupEnd);
            nextPing += PING_EVERY_NANOS;
          }
        }
        clock = RunClock.startingNow(w);
        for (Receiver r : receivers) {
          r.restart(clock);
        }
      }
      cpu = new CpuMeter(clock, serverProcess);
      meter = new Thread(cpu, "bench-cpu");
      meter.setDaemon(true);
      meter.start();
      if (w.saturate()) {
        sendSaturated(clock);
      } else {
        sendPaced(clock);
      }
    } catch (IOException e) {
      sendFailure = "sending stopped: " + e.getMessage(); // e.g. the relay closed a slow consumer
    }
    if (meter == null) { // the sender keys could not be written
      cpu = new CpuMeter(clock, serverProcess);
      meter = new Thread(cpu, "bench-cpu");
      meter.setDaemon(true);
      meter.start();
    }
    long totalSent = 0;
    for (long s : sent) {
      totalSent += s;
    }
    awaitDrain(totalSent);
    for (Receiver r : receivers) {
      r.stopped = true;
    }
    for (Thread t : threads) {
      t.join(5000);
    }
    meter.join(5000);
    return summarize(target, receivers, totalSent, cpu);
  }

  /** Message j is due at base + j/R; late sends keep their due time (no coordinated omission). */
  private void sendPaced(RunClock clock) throws IOException, CryptoException {
    ByteBuffer out = ByteBuffer.allocate(factory.writeBytes() * 4 + 64 * 1024);
    double intervalNanos = 1e9 / w.ratePerSecond();
    long nextPing = clock.base() + PING_EVERY_NANOS;
    for (long j = 0; ; j++) {
      long due = clock.base() + (long) (j * intervalNanos);
      if (due >= clock.measureEnd()) {
        return;
      }
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      int s = (int) (j % w.senders());
      out.clear();
      factory.write(out, s, j / w.senders(), due - clock.base());
      out.flip();
      outputs.get(s).writeFully(out, clock.measureEnd() + DRAIN_NANOS);
      sent[s]++;
      if (clock.inWindow(due)) {
        windowSent++;
      }
      if (due > nextPing) {
        pingAll(clock.measureEnd() + DRAIN_NANOS);
        nextPing += PING_EVERY_NANOS;
      }
    }
  }

  /**
   * Sender {@code s}'s messages that some member has not had yet. The slowest member bounds the
   * window: an average over members let one that fell behind (its receiver thread descheduled)
   * lag by the window times the room, and a relay rightly cuts a reader that far behind.
   */
  private long undeliveredToTheSlowest(int s) {
    long slowest = Long.MAX_VALUE;
    for (LoadClient c : clients) {
      if (c.index != s) {
        slowest = Math.min(slowest, c.receivedFrom(s));
      }
    }
    return sent[s] - slowest;
  }

  /** Each sender keeps at most {@code window} messages that some member has not had. */
  private void sendSaturated(RunClock clock) throws IOException, CryptoException {
    ByteBuffer out = ByteBuffer.allocate(factory.writeBytes() * SATURATE_BATCH + 64 * 1024);
    boolean unbounded = wire == Wire.SINK; // nothing comes back: send as fast as the socket takes
    long nextPing = clock.base() + PING_EVERY_NANOS;
    long now;
    while ((now = System.nanoTime()) < clock.measureEnd()) {
      boolean any = false;
      for (int s = 0; s < w.senders(); s++) {
        int batch = unbounded ? SATURATE_BATCH : (int) Math.min(SATURATE_BATCH, w.window() - undeliveredToTheSlowest(s));
        if (batch <= 0) {
          continue;
        }
        any = true;
        out.clear();
        for (int b = 0; b < batch; b++) {
          factory.write(out, s, sent[s] + b, now - clock.base());
        }
        out.flip();
        outputs.get(s).writeFully(out, clock.measureEnd() + DRAIN_NANOS);
        sent[s] += batch;
        if (clock.inWindow(now)) {
          windowSent += batch;
        }
      }
      if (!any) {
        LockSupport.parkNanos(20_000);
      }
      if (now > nextPing) {
        pingAll(clock.measureEnd() + DRAIN_NANOS);
        nextPing += PING_EVERY_NANOS;
      }
    }
  }

  /** Keeps members that only receive from the relay's idle timeout. */
  private void pingAll(long deadline) throws IOException {
    if (!wire.pings()) {
      return;
    }
    byte[] ping = FrameCodec.encode(new Frame.Ping());
    for (LoadClient c : clients) {
      c.writeFully(ByteBuffer.wrap(ping), deadline);
    }
  }

  /** How long the drain waits with nothing more arriving before what is missing counts lost (tests shorten it). */
  LoadGenerator drainQuiet(Duration quiet) {
    drainQuietNanos = quiet.toNanos();
    return this;
  }

  /**
   * Waits for every delivery and ack: until none has arrived for the quiet period, so a backlog
   * that keeps arriving is waited for (up to {@link #MAX_DRAIN_NANOS}) and only what stopped
   * coming counts lost.
   */
  private void awaitDrain(long totalSent) throws InterruptedException {
    if (wire == Wire.SINK) {
      return;
    }
    long expected = totalSent * (w.roomSize() - 1);
    long expectedAcks = totalSent + expectedSenderKeyAcks();
    long start = System.nanoTime();
    long quietUntil = start + drainQuietNanos;
    long seen = -1;
    for (long now = start; now < quietUntil && now - start < MAX_DRAIN_NANOS; now = System.nanoTime()) {
      long delivered = 0;
      for (int s = 0; s < w.senders(); s++) {
        delivered += deliveredBySender.get(s);
      }
      if (delivered >= expected && (!wire.acks() || acks.get() >= expectedAcks)
          && senderKeys.get() >= expectedSenderKeys()) {
        return;
      }
      long arrived = delivered + acks.get() + senderKeys.get();
      if (arrived > seen) {
        seen = arrived;
        quietUntil = now + drainQuietNanos;
      }
      Thread.sleep(5);
    }
  }

  private long expectedSenderKeys() { return wire.v2() ? (long) w.senders() * (w.roomSize() - 1) : 0; }

  private long expectedSenderKeyAcks() { return wire.v2() ? w.senders() : 0; }

  private BenchResult summarize(String target, List<Receiver> receivers, long totalSent, CpuMeter cpu) {
    Histogram latency = new Histogram(60_000_000_000L, 3);
    long windowDelivered = 0;
    long windowBytes = 0;
    long duplicated = 0;
    long ackMissing = 0;
    long errors = 0;
    long openFailures = 0;
    long disconnects = 0;
    String firstError = null;
    for (Receiver r : receivers) {
      latency.add(r.latency);
      windowDelivered += r.windowDelivered;
      windowBytes += r.windowBytes;
      duplicated += r.duplicated;
      ackMissing += r.ackMissing;
      errors += r.errors;
      openFailures += r.openFailures;
      disconnects += r.disconnects;
      firstError = firstError == null ? r.firstError : firstError;
    }
    if (sendFailure != null) {
      errors++;
      firstError = firstError == null ? sendFailure : firstError;
    }
    long lost = Math.max(0, expectedSenderKeys() - senderKeys.get()); // a lost sender_key is a lost frame
    for (LoadClient c : clients) {
      if (wire == Wire.SINK) {
        break; // nothing is delivered by design
      }
      for (int s = 0; s < w.senders(); s++) {
        if (s != c.index) {
          lost += sent[s] - c.unique[s];
        }
      }
    }
    double seconds = w.duration().toNanos() / 1e9;
    return new BenchResult(target, w, factory.lineBytes(), totalSent,
        windowDelivered / seconds, windowBytes / seconds / 1e6,
        micros(latency.getValueAtPercentile(50)), micros(latency.getValueAtPercentile(99)),
        micros(latency.getValueAtPercentile(99.9)), micros(latency.getMaxValue()),
        lost, duplicated, wire.acks() ? acks.get() - expectedSenderKeyAcks() : 0, ackMissing, errors, openFailures,
        disconnects, firstError, new BenchResult.Costs(windowSent / seconds, windowAcks.get() / seconds,
            cpu.generatorSeconds(), cpu.serverSeconds()));
  }

  private static double micros(long nanos) { return nanos / 1000.0; }
}
