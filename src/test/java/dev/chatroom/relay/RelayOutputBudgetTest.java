package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sum of all write queues is bounded: past it, as few readers as it takes are cut ({@link OutputBudgetTest}). */
class RelayOutputBudgetTest extends RelayTestBase {
  private static final int MESSAGES = 2500;
  private static final long BUDGET = 2 * 1024 * 1024;

  @Test
  void aReaderThatStopsReadingIsCutByTheBudgetWhileAFastOneGetsEverything() throws Exception {
    // each queue alone may hold far more than the budget: only the sum can cut here
    startRelay(config().ratePerSecond(1e6).rateBurst(100_000).maxWriteQueueBytes(256 * 1024 * 1024)
        .outputBudgetBytes(BUDGET).build());
    WireClient sender = join("sender");
    WireClient fast = join("fast");
    WireClient slow = join("slow");
    sender.next(Frame.Joined.class);
    sender.next(Frame.Joined.class);
    fast.next(Frame.Joined.class);
    // slow never reads again: the kernel's buffers fill first, then the relay's queue

    AtomicInteger fastReceived = new AtomicInteger();
    CompletableFuture<Set<String>> fastGot = CompletableFuture.supplyAsync(() -> {
      Set<String> ids = new HashSet<>();
      try {
        while (ids.size() < MESSAGES + 1) {
          Frame f = fast.next();
          if (f instanceof Frame.Message m) {
            ids.add(m.id());
            fastReceived.incrementAndGet();
          } else if (f instanceof Frame.Left l) {
            ids.add("left:" + l.nick());
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return ids;
    });
    CompletableFuture<Integer> acks = CompletableFuture.supplyAsync(() -> {
      int n = 0;
      try {
        while (n < MESSAGES) {
          if (sender.next() instanceof Frame.Ack) {
            n++;
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return n;
    });

    String token = Base64.getUrlEncoder().encodeToString(new byte[12_000]); // ~16 KB per frame
    Set<String> sentIds = new HashSet<>();
    for (int i = 0; i < MESSAGES; i++) {
      // keep the fast reader close behind however loaded the machine is: only slow falls behind
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (fastReceived.get() < i - 50 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      TreeMap<String, String> keys = new TreeMap<>();
      keys.put("fast", "AAAA");
      keys.put("slow", "AAAA");
      String id = UUID.randomUUID().toString();
      sentIds.add(id);
      sender.send(new Frame.Message(id, "lobby", "sender", 1L, token, keys, Base64.getEncoder().encodeToString(new byte[64])));
    }
    sentIds.add("left:slow"); // and hears that slow was cut off
    assertEquals(sentIds, fastGot.get(60, TimeUnit.SECONDS), "the fast reader gets every message");
    assertEquals(MESSAGES, acks.get(30, TimeUnit.SECONDS));
    assertEquals(1, relay.stats().closed(CloseReason.OUTPUT_BUDGET).sum(), "slow was cut by the budget");
    assertEquals(0, relay.stats().closed(CloseReason.SLOW_CONSUMER).sum(), "not by its own queue limit");
    assertTrue(slow.closedByRelay());

    // everything was written or dropped: the budget's count comes back to zero, nothing leaks
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long left = -1;
    while (System.nanoTime() < deadline) {
      left = relay.outputQueuedBytes().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      if (left == 0) {
        break;
      }
      Thread.sleep(20);
    }
    assertEquals(0, left, "bytes still counted against the budget");
  }

  @Test
  void readersBehindOnTheSameLinesCountThoseLinesOnce() throws Exception {
    int readers = 8;
    int messages = 3000;
    long budget = 64L * 1024 * 1024; // under what the readers' queues sum to, over what they hold together
    startRelay(config().ratePerSecond(1e6).rateBurst(100_000).maxWriteQueueBytes(256 * 1024 * 1024)
        .outputBudgetBytes(budget).build());
    WireClient sender = join("sender");
    List<WireClient> behind = new ArrayList<>();
    TreeMap<String, String> keys = new TreeMap<>();
    for (int r = 0; r < readers; r++) {
      behind.add(join("reader" + r));
      keys.put("reader" + r, "AAAA");
    }
    String token = Base64.getUrlEncoder().encodeToString(new byte[12_000]); // ~16 KB per frame
    long sentBytes = 0;
    for (int i = 0; i < messages; i++) {
      Frame.Message m = new Frame.Message(UUID.randomUUID().toString(), "lobby", "sender", 1L, token, keys,
          Base64.getEncoder().encodeToString(new byte[64]));
      sentBytes += FrameCodec.encode(m).length + 1;
      sender.send(m);
    }
    int acks = 0;
    while (acks < messages) { // routed: every line is queued for every reader, none has read one
      if (sender.next() instanceof Frame.Ack) {
        acks++;
      }
    }
    long counted = relay.outputQueuedBytes().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertTrue(counted <= sentBytes, "counted " + counted + " bytes for " + sentBytes + " bytes of lines");

    List<CompletableFuture<Integer>> got = new ArrayList<>();
    for (WireClient reader : behind) {
      got.add(CompletableFuture.supplyAsync(() -> {
        int n = 0;
        try {
          while (n < messages) {
            if (reader.next() instanceof Frame.Message) {
              n++;
            }
          }
        } catch (Exception e) {
          throw new IllegalStateException(reader.nick + " after " + n + " messages", e);
        }
        return n;
      }));
    }
    for (CompletableFuture<Integer> n : got) {
      assertEquals(messages, n.get(60, TimeUnit.SECONDS));
    }
    assertEquals(0, relay.stats().closed(CloseReason.OUTPUT_BUDGET).sum(), "nobody was cut by the budget");
  }

  @Test
  void aReaderBehindOnLinesOfItsOwnIsCutRatherThanManyBehindOnTheSameLines() throws Exception {
    long budget = 32L * 1024 * 1024;
    startRelay(config().ratePerSecond(1e6).rateBurst(100_000).maxWriteQueueBytes(256 * 1024 * 1024)
        .outputBudgetBytes(budget).build());
    WireClient sideSender = join("sideSender", "side");
    WireClient alone = join("alone", "side"); // stops reading: about 8 MB of lines only it holds
    sideSender.next(Frame.Joined.class);
    sendAndAwaitAcks(sideSender, "side", List.of("alone"), 500);

    WireClient sender = join("sender");
    List<WireClient> behind = new ArrayList<>();
    for (int r = 0; r < 4; r++) { // stop reading too, on the same lines: each one's queue grows past alone's
      behind.add(join("reader" + r));
    }
    List<String> readers = behind.stream().map(c -> c.nick).toList();
    int sent = 0;
    while (relay.stats().closed(CloseReason.OUTPUT_BUDGET).sum() == 0 && sent < 2500) {
      sendAndAwaitAcks(sender, "lobby", readers, 50);
      sent += 50;
    }
    Thread.sleep(200); // a wrong choice would cut again at the next check, 10 ms later
    assertEquals(1, relay.stats().closed(CloseReason.OUTPUT_BUDGET).sum(),
        "one cut: cutting a reader of the shared lines frees nothing while the others hold them");
    assertTrue(alone.closedByRelay(), "the reader whose cut frees the most goes");
    for (WireClient reader : behind) {
      int messages = 0;
      while (messages < sent) {
        if (reader.next() instanceof Frame.Message) {
          messages++;
        }
      }
    }
  }

  /** Sends {@code count} frames of ~16 KB to {@code recipients} and waits until the relay has routed them. */
  private static void sendAndAwaitAcks(WireClient from, String room, List<String> recipients, int count) throws Exception {
    String token = Base64.getUrlEncoder().encodeToString(new byte[12_000]);
    TreeMap<String, String> keys = new TreeMap<>();
    recipients.forEach(r -> keys.put(r, "AAAA"));
    for (int i = 0; i < count; i++) {
      from.send(new Frame.Message(UUID.randomUUID().toString(), room, from.nick, 1L, token, keys,
          Base64.getEncoder().encodeToString(new byte[64])));
    }
    int acks = 0;
    while (acks < count) {
      if (from.next() instanceof Frame.Ack) {
        acks++;
      }
    }
  }
}
