package dev.chatroom.store;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Shared set-up of the store contract tests: one Vert.x, a fresh store per test, frame builders. */
abstract class StoreFixture {
  static final long T0 = 1_764_130_000_000L;
  static final int MAX_ROOMS = 100;
  static final int MAX_MEMBERS = 10_000;
  static final String EPOCH_A = "a".repeat(32);
  static final String EPOCH_B = "b".repeat(32);

  static Vertx vertx;
  private final List<RelayStore> opened = new ArrayList<>();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    Await.result(vertx.close());
  }

  @AfterEach
  void closeStores() throws Exception {
    for (RelayStore s : opened) {
      Await.result(s.closeAsync());
    }
    opened.clear();
  }

  RelayStore open(StoreBackend backend, StoreLocation location) throws Exception {
    RelayStore store = backend.open(vertx, location);
    opened.add(store);
    return store;
  }

  RelayStore fresh(StoreBackend backend) throws Exception {
    return open(backend, backend.fresh());
  }

  static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return Await.result(f);
  }

  static void join(RelayStore store, String room, String... nicks) throws Exception {
    for (String nick : nicks) {
      await(store.join(room, nick, 2, T0, MAX_ROOMS, MAX_MEMBERS));
    }
  }

  static NewFrame message(String room, String from, String... to) {
    return message(room, from, UUID.randomUUID().toString(), T0, to);
  }

  static NewFrame message(String room, String from, String id, long storedAt, String... to) {
    return frame(room, FrameKind.MESSAGE, from, id, null, storedAt, to);
  }

  static NewFrame group(String room, String from, String epoch, long storedAt) {
    return frame(room, FrameKind.GROUP_MESSAGE, from, UUID.randomUUID().toString(), epoch, storedAt);
  }

  static NewFrame senderKey(String room, String from, String epoch, long storedAt, String... to) {
    return frame(room, FrameKind.SENDER_KEY, from, UUID.randomUUID().toString(), epoch, storedAt, to);
  }

  static NewFrame frame(String room, FrameKind kind, String from, String id, String epoch, long storedAt, String... to) {
    String json = "{\"type\":\"" + kind.wire() + "\",\"id\":\"" + id + "\",\"room\":\"" + room
        + "\",\"from\":\"" + from + "\",\"sent\":" + (storedAt - 5) + "}";
    return new NewFrame(room, kind, from, id, storedAt - 5, epoch, Arrays.asList(to),
        Buffer.buffer(json.getBytes(StandardCharsets.UTF_8)), storedAt);
  }

  static List<Long> seqs(List<?> items) {
    List<Long> out = new ArrayList<>();
    for (Object o : items) {
      out.add(o instanceof Appended a ? a.seq() : ((StoredFrame) o).seq());
    }
    return out;
  }

  /** Every frame {@code nick} can read in {@code room}, page by page. */
  static List<StoredFrame> readAll(RelayStore store, String room, String nick, int pageSize) throws Exception {
    List<StoredFrame> all = new ArrayList<>();
    long after = 0;
    while (true) {
      List<StoredFrame> page = await(store.read(room, nick, after, pageSize));
      if (page.isEmpty()) {
        return all;
      }
      all.addAll(page);
      after = page.get(page.size() - 1).seq();
    }
  }
}
