package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RoomWaitsTest {
  @Test
  void waitersRunInOrderAsRoomComesAndNeverOnceClosed(Vertx vertx) throws Exception {
    AtomicLong room = new AtomicLong(100);
    AtomicBoolean closed = new AtomicBoolean();
    List<String> ran = new ArrayList<>();
    RoomWaits waits = new RoomWaits(vertx, bytes -> bytes <= room.get(), closed::get);
    Context loop = vertx.getOrCreateContext(); // one event loop: the waits, their timer and these checks
    onLoop(loop, () -> {
      waits.whenRoomFor(50, () -> ran.add("now"));
      waits.whenRoomFor(500, () -> ran.add("a"));
      waits.whenRoomFor(300, () -> ran.add("b"));
      waits.whenRoomFor(900, () -> ran.add("c"));
    });
    assertEquals(List.of("now"), onLoop(loop, () -> List.copyOf(ran)), "only what fits runs at once");

    room.set(600);
    Thread.sleep(100);
    assertEquals(List.of("now", "a", "b"), onLoop(loop, () -> List.copyOf(ran)), "a poll runs what fits, in order");

    room.set(1_000);
    Thread.sleep(100);
    assertEquals(List.of("now", "a", "b", "c"), onLoop(loop, () -> List.copyOf(ran)), "one still short waits for a later poll");

    room.set(100);
    onLoop(loop, () -> waits.whenRoomFor(900, () -> ran.add("d")));
    closed.set(true);
    room.set(1_000);
    Thread.sleep(100);
    assertEquals(List.of("now", "a", "b", "c"), onLoop(loop, () -> List.copyOf(ran)), "nothing runs once closed");
  }

  private static void onLoop(Context loop, Runnable r) throws Exception {
    onLoop(loop, () -> {
      r.run();
      return null;
    });
  }

  private static <T> T onLoop(Context loop, Supplier<T> s) throws Exception {
    CompletableFuture<T> out = new CompletableFuture<>();
    loop.runOnContext(v -> out.complete(s.get()));
    return out.get(5, TimeUnit.SECONDS);
  }
}
