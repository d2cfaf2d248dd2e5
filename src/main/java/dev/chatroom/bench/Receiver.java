package dev.chatroom.bench;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageRejected;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.protocol.ProtocolException;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * One receiving thread of a load run: reads its clients' sockets and looks only at what it
 * needs, the message id (sender, sequence, intended send time) and the first bytes of acks and
 * errors; with real crypto it decodes and opens every message as a client would.
 */
final class Receiver implements Runnable {
  private static final byte[] MESSAGE = ascii("{\"type\":\"message\"");
  private static final byte[] GROUP = ascii("{\"type\":\"group_message\"");
  private static final byte[] DELIVERY = ascii("{\"type\":\"delivery\"");
  private static final byte[] INNER = ascii("\"frame\":{\"type\":\"");
  private static final byte[] ACK = ascii("{\"type\":\"ack\"");
  private static final byte[] ERROR = ascii("{\"type\":\"error\"");
  private static final byte[] ID = ascii("\"id\":\"");
  private static final byte[] NO_MISSING = ascii("\"missing\":[]}");

  private final Selector selector;
  private final List<LoadClient> clients;
  private volatile RunClock clock; // restarted once version 2 sender keys are delivered
  private final Identity identity;
  private final AtomicLongArray deliveredBySender;
  private final Counters counters;
  private final long[] localDelivered;
  volatile boolean stopped;

  final Histogram latency = new Histogram(60_000_000_000L, 3);
  long windowDelivered;
  long windowBytes;
  long duplicated;
  long ackMissing;
  long errors;
  long openFailures;
  long disconnects;
  String firstError;

  /** Shared by a run's receivers: acks (all, and in the measured window) and sender_key deliveries. */
  record Counters(AtomicLong acks, AtomicLong windowAcks, AtomicLong senderKeys) {}

  Receiver(List<LoadClient> clients, RunClock clock, Identity identity,
           AtomicLongArray deliveredBySender, Counters counters) throws IOException {
    this.selector = Selector.open();
    this.clients = clients;
    this.clock = clock;
    this.identity = identity;
    this.deliveredBySender = deliveredBySender;
    this.counters = counters;
    this.localDelivered = new long[deliveredBySender.length()];
    for (LoadClient c : clients) {
      c.channel.register(selector, SelectionKey.OP_READ, c);
    }
  }

  /** The run's clock starts again: the set-up before it (sender keys) is not measured. */
  void restart(RunClock fresh) { this.clock = fresh; }

  @Override
  public void run() {
    try {
      for (LoadClient c : clients) {
        if (c.in.position() > 0) {
          scan(c, System.nanoTime()); // bytes left over from joining
        }
      }
      while (!stopped) {
        selector.select(50);
        for (SelectionKey key : selector.selectedKeys()) {
          read((LoadClient) key.attachment(), key);
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      if (firstError == null) {
        firstError = "receiver failed: " + e.getMessage();
      }
    } finally {
      try {
        selector.close();
      } catch (IOException e) {
        // the run is over
      }
    }
  }

  private void read(LoadClient c, SelectionKey key) throws IOException {
    int n;
    try {
      n = c.channel.read(c.in);
    } catch (IOException e) {
      n = -1;
    }
    if (n < 0) {
      disconnects++;
      key.cancel();
      return;
    }
    scan(c, System.nanoTime());
  }

  /** Handles every whole line in the client's buffer and keeps the partial tail. */
  private void scan(LoadClient c, long now) {
    byte[] a = c.in.array();
    int end = c.in.position();
    int start = 0;
    int ackCount = 0;
    int keyCount = 0;
    for (int i = nextNewline(a, 0, end); i < end; i = nextNewline(a, i + 1, end)) {
      if (startsWith(a, start, i, MESSAGE) || startsWith(a, start, i, GROUP)) {
        onMessage(c, a, start, i, now);
      } else if (startsWith(a, start, i, DELIVERY)) {
        int inner = find(a, start, i, INNER);
        if (inner >= 0 && inner < i && a[inner] == 's') { // sender_key: the epoch, not a message
          keyCount++;
        } else if (inner >= 0) {
          onMessage(c, a, inner, i, now);
        }
      } else if (startsWith(a, start, i, ACK)) {
        ackCount++;
        if (!endsWith(a, i, NO_MISSING)) {
          ackMissing++;
        }
      } else if (startsWith(a, start, i, ERROR)) {
        errors++;
        if (firstError == null) {
          firstError = new String(a, start, i - start, StandardCharsets.UTF_8);
        }
      }
      start = i + 1;
    }
    c.in.limit(end).position(start);
    c.in.compact();
    if (!c.in.hasRemaining()) {
      c.in = LoadClient.grow(c.in);
    }
    if (ackCount > 0) {
      counters.acks().addAndGet(ackCount);
      if (clock.inWindow(now)) {
        counters.windowAcks().addAndGet(ackCount);
      }
    }
    if (keyCount > 0) {
      counters.senderKeys().addAndGet(keyCount);
    }
    for (int s = 0; s < localDelivered.length; s++) {
      if (localDelivered[s] != 0) {
        deliveredBySender.addAndGet(s, localDelivered[s]);
        localDelivered[s] = 0;
      }
    }
  }

  private void onMessage(LoadClient c, byte[] a, int start, int end, long now) {
    int idAt = find(a, start, end, ID);
    if (idAt < 0 || idAt + MessageIds.LENGTH > end) {
      return;
    }
    long high = MessageIds.readHigh(a, idAt);
    int sender = MessageIds.sender(high);
    if (sender >= c.unique.length || sender == c.index) {
      duplicated++; // not addressed to this member: as wrong as a second copy
      return;
    }
    long seq = MessageIds.seq(high);
    if (seq < c.nextSeq[sender]) {
      duplicated++; // per-sender order is guaranteed, so an old number is a repeat
      return;
    }
    c.nextSeq[sender] = seq + 1;
    c.received(sender);
    localDelivered[sender]++;
    if (identity != null && !open(c, a, start, end)) {
      return;
    }
    long intended = clock.base() + MessageIds.intendedNanos(MessageIds.readLow(a, idAt));
    if (clock.inWindow(now)) {
      windowDelivered++;
      windowBytes += end - start + 1;
    }
    if (clock.inWindow(intended)) {
      latency.recordValue(Math.max(0, Math.min(now - intended, latency.getHighestTrackableValue())));
    }
  }

  private boolean open(LoadClient c, byte[] a, int start, int end) {
    try {
      Frame frame = FrameCodec.decode(a, start, end - start);
      c.opener.open((Frame.Message) frame, identity.ed25519().getPublic(), c.nick,
          identity.rsa().getPrivate());
      return true;
    } catch (ProtocolException | MessageRejected | ClassCastException e) {
      openFailures++;
      return false;
    }
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;

  /**
   * The index of the first '\n' in {@code a[from, end)}, or {@code end}; eight bytes at a time
   * (a byte loop over every received frame was a large share of the generator's CPU).
   */
  static int nextNewline(byte[] a, int from, int end) {
    int i = from;
    for (; i + 8 <= end; i += 8) {
      long x = (long) LONGS.get(a, i) ^ NEWLINES; // a '\n' byte becomes zero
      long zeros = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L; // lowest flag is the first zero byte
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    while (i < end && a[i] != '\n') {
      i++;
    }
    return i;
  }

  private static boolean startsWith(byte[] a, int at, int end, byte[] prefix) {
    if (end - at < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (a[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean endsWith(byte[] a, int end, byte[] suffix) {
    return end >= suffix.length && startsWith(a, end - suffix.length, end, suffix);
  }

  private static int find(byte[] a, int from, int end, byte[] needle) {
    outer:
    for (int i = from; i + needle.length <= end; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (a[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i + needle.length;
    }
    return -1;
  }

  private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
