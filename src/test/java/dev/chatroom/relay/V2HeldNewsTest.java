package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.protocol.Frame;
import dev.chatroom.store.RelayStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * While a new member's welcome waits on the store, more news of the room comes than the relay
 * holds ({@link RoomFeed#MAX_HELD_NEWS}): the member gets its welcome, then a second, fresh one
 * instead of the news, and then the frames stored meanwhile, none missing.
 */
class V2HeldNewsTest extends V2RelayTestBase {
  private static final String ROOM = "hall";
  /** The next read of a room's members waits for this; the reads after it do not. */
  private final AtomicReference<Promise<Void>> gate = new AtomicReference<>();
  private final CountDownLatch membersAsked = new CountDownLatch(1);

  /** The real store, but a read of the members waits while the gate is set. */
  private RelayStore gated(RelayStore real) {
    return (RelayStore) Proxy.newProxyInstance(RelayStore.class.getClassLoader(), new Class<?>[] {RelayStore.class},
        (proxy, method, args) -> {
          Promise<Void> wait = method.getName().equals("members") ? gate.getAndSet(null) : null;
          if (wait == null) {
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          }
          membersAsked.countDown();
          return wait.future().compose(v -> real.members((String) args[0], (String) args[1], (Integer) args[2]));
        });
  }

  /** Alice's join waits on the store while carol comes and goes {@code comings} times and bob sends one frame. */
  private Frame.Ack joinWhileCarolComesAndGoes(V2Peer alice, V2Peer bob, int comings) throws Exception {
    Promise<Void> open = Promise.promise();
    gate.set(open);
    alice.send(new Frame.Join(ROOM));
    assertTrue(membersAsked.await(10, TimeUnit.SECONDS), "alice's welcome reads the members");
    for (int i = 0; i < comings; i++) {
      try (V2Peer carol = authenticated("carol")) {
        bob.awaitPresence("carol", true, 10_000);
      }
      bob.awaitPresence("carol", false, 10_000);
    }
    Frame.Ack stored = bob.sendAcked(bob.group(ROOM, 1)); // stored while alice's welcome waits
    relay.inspectV2(r -> {
      open.complete();
      return null;
    }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return stored;
  }

  private V2Peer[] aliceAndBobWithCarolAway() throws Exception {
    relay = RelayServer.start(vertx, config().build(), this::gated)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    V2Peer bob = authenticated("bob");
    bob.join(ROOM);
    try (V2Peer carol = authenticated("carol")) {
      carol.join(ROOM);
    }
    bob.awaitPresence("carol", false, 10_000);
    return new V2Peer[] {authenticated("alice"), bob};
  }

  @Test
  void newsWhileAWelcomeIsBuiltFollowsItInOrder() throws Exception {
    V2Peer[] ab = aliceAndBobWithCarolAway();
    V2Peer alice = ab[0];
    Frame.Ack stored = joinWhileCarolComesAndGoes(alice, ab[1], 2);

    Frame.Welcome welcome = alice.next(Frame.Welcome.class);
    for (boolean online : new boolean[] {true, false, true, false}) {
      Frame.Presence p = alice.next(Frame.Presence.class);
      assertEquals("carol", p.nick());
      assertEquals(online, p.online(), "the held news, in order, after the welcome");
    }
    Frame.Delivery d = alice.next(Frame.Delivery.class);
    assertEquals(welcome.seq() + 1, d.seq());
    assertEquals(stored.seq(), d.seq());
  }

  @Test
  void moreNewsThanIsHeldBeforeAWelcomeIsReplacedByASecondWelcome() throws Exception {
    V2Peer[] ab = aliceAndBobWithCarolAway();
    V2Peer alice = ab[0];
    Frame.Ack stored = joinWhileCarolComesAndGoes(alice, ab[1], RoomFeed.MAX_HELD_NEWS / 2 + 4);

    Frame.Welcome first = alice.next(Frame.Welcome.class);
    Frame.Welcome second = assertInstanceOf(Frame.Welcome.class, alice.next(),
        "past the held news a fresh welcome comes, not the news");
    assertEquals(first.seq(), second.seq(), "both welcomes are the join point");
    Frame.Member carol = second.members().stream().filter(m -> m.nick().equals("carol")).findFirst().orElseThrow();
    assertFalse(carol.online(), "the second welcome says where the room is now");
    Frame.Delivery d = assertInstanceOf(Frame.Delivery.class, alice.next(), "then the frame stored meanwhile");
    assertEquals(first.seq() + 1, d.seq());
    assertEquals(stored.seq(), d.seq());
    assertTrue(alice.silentFor(300), "no held presence comes after");
  }
}
