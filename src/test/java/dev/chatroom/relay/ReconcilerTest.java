package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A reconciliation pass against the claims map, on one node (a local Vert.x: the map is local). */
class ReconcilerTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> told = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private <T> T onContext(Context context, java.util.function.Supplier<io.vertx.core.Future<T>> work) throws Exception {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(done));
    return done.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aNodeLostWhileAPassReadsTheClaimsDoesNotComeBackAsAGhost() throws Exception {
    Context context = vertx.getOrCreateContext();
    Membership membership = new Membership(vertx, "self", new Membership.Listener() {
      @Override
      public void joined(Membership.Member m) { told.add("joined " + m.nick()); }

      @Override
      public void left(Membership.Member m) { told.add("left " + m.nick()); }
    }, () -> {});
    onContext(context, membership::start);
    // the real (local) map, its answer a turn later, as Hazelcast's comes back over the network
    Reconciler reconciler = new Reconciler(membership, local -> told.add("lost " + local.nick()), () -> {
      Promise<List<io.vertx.core.json.JsonArray>> later = Promise.promise();
      membership.claims().values().onComplete(r -> context.runOnContext(v -> later.handle(r)));
      return later.future();
    });
    Membership.Member dave = new Membership.Member("k", "dave", "enc", "sig", "n3", "session-1");
    onContext(context, () -> membership.claims().put(dave.claimKey(), dave.toJson()));
    Set<String> live = Set.of("self", "n3");
    onContext(context, () -> reconciler.run(live, false));
    assertEquals(List.of("joined dave"), told, "the pass adds the member its replica lacked");

    // node n3 dies while a pass, started with the view that still had it, reads the claims
    onContext(context, () -> {
      io.vertx.core.Future<Void> pass = reconciler.run(live, false);
      membership.forgetNode("n3");
      return pass;
    });
    onContext(context, () -> reconciler.run(Set.of("self"), false)); // and the passes after it
    assertEquals(List.of("joined dave", "left dave"), told, "dave left once and was not announced again");
  }
}
