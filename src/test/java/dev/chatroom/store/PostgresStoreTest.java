package dev.chatroom.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only the PostgreSQL store does: passwords (SCRAM) that never show, servers that cannot be
 * reached, and two relay nodes (two Vert.x instances) sharing one database. Runs when
 * CHATROOM_TEST_PG names a server (.ci/with-postgres; its pg_hba asks role chatroom_pw for a password).
 */
class PostgresStoreTest extends StoreFixture {
  private static final String PASSWORD = "correct-horse-battery";
  private StoreBackend.Postgres backend;

  @BeforeEach
  void needsAServer() throws Exception {
    String pg = System.getenv(Backends.PG_ENV);
    org.junit.jupiter.api.Assumptions.assumeTrue(pg != null && !pg.isBlank(), Backends.PG_ENV + " names no server");
    backend = new StoreBackend.Postgres((StoreLocation.Postgres) StoreLocation.parse(pg));
  }

  private StoreLocation.Postgres passwordRole() throws Exception {
    StoreLocation.Postgres db = (StoreLocation.Postgres) backend.fresh();
    StoreBackend.Postgres.sql(backend.admin(), "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'chatroom_pw')"
        + " THEN CREATE ROLE chatroom_pw LOGIN PASSWORD '" + PASSWORD + "'; END IF; END $$");
    StoreBackend.Postgres.sql(backend.admin(), "ALTER DATABASE " + db.database() + " OWNER TO chatroom_pw");
    return new StoreLocation.Postgres("chatroom_pw", null, db.host(), db.port(), db.database());
  }

  @Test
  void aPasswordOpensTheStoreAndAWrongOneIsOneSentenceWithoutIt() throws Exception {
    StoreLocation.Postgres role = passwordRole();
    RelayStore store = open(backend, role.withPassword(PASSWORD));
    assertEquals("postgresql://chatroom_pw:***@" + role.host() + ":" + role.port() + "/" + role.database(),
        store.location().toString());
    join(store, "lobby", "bob");
    assertEquals(1L, await(store.append(List.of(message("lobby", "alice", "bob")))).get(0).seq());

    String wrong = "wrong-" + PASSWORD;
    Throwable refused = Await.failure(RelayStore.open(vertx, role.withPassword(wrong)));
    assertInstanceOf(StoreException.class, refused);
    assertTrue(refused.getMessage().startsWith("store postgresql://chatroom_pw:***@"), refused.getMessage());
    assertTrue(refused.getMessage().contains("cannot be opened: "), refused.getMessage());
    assertFalse(refused.getMessage().contains(wrong), refused.getMessage());
    assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
  }

  @Test
  void aServerThatIsNotThereIsOneSentence() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    StoreLocation nowhere = new StoreLocation.Postgres("chat", "s3cret-pw", "127.0.0.1", closed, "chatroom");
    Throwable refused = Await.failure(RelayStore.open(vertx, nowhere));
    assertInstanceOf(StoreException.class, refused);
    assertTrue(refused.getMessage().startsWith("store postgresql://chat:***@127.0.0.1:" + closed + "/chatroom cannot be opened: "),
        refused.getMessage());
    assertFalse(refused.getMessage().contains("s3cret-pw"));

    StoreLocation.Postgres admin = backend.admin();
    StoreLocation noDb = new StoreLocation.Postgres(admin.user(), admin.password(), admin.host(), admin.port(), "no_such_db");
    Throwable missing = Await.failure(RelayStore.open(vertx, noDb));
    assertTrue(missing.getMessage().contains("no_such_db"), missing.getMessage());
  }

  @Test
  void killMinus9OfARelayMidFloodLosesNoAckedFrame() throws Exception {
    StoreLocation where = backend.fresh();
    // the test server's location has no password, so its text is the setting itself
    java.util.Map<String, java.util.TreeSet<Long>> acked = StoreFlood.floodAndKill(where.toString(), 1_500);
    RelayStore store = open(backend, where);
    for (var e : acked.entrySet()) {
      List<Long> stored = seqs(readAll(store, e.getKey(), "bob", 1_000));
      assertEquals(LongStream.rangeClosed(1, stored.size()).boxed().toList(), stored, e.getKey() + ": no gaps");
      assertTrue(stored.containsAll(e.getValue()), e.getKey() + ": every acked seq is stored");
      long next = await(store.append(List.of(message(e.getKey(), "alice", "bob")))).get(0).seq();
      assertEquals(stored.size() + 1, next);
    }
  }

  @Test
  void twoNodesOnOneDatabaseShareSeqsRegistrationsAndDedupe() throws Exception {
    StoreLocation where = backend.fresh();
    Vertx otherNode = Vertx.vertx();
    try {
      RelayStore a = open(backend, where);
      RelayStore b = Await.result(RelayStore.open(otherNode, where));
      try {
        join(a, "lobby", "bob");
        assertInstanceOf(JoinOutcome.AlreadyMember.class, await(b.join("lobby", "bob", 2, T0, MAX_ROOMS, MAX_MEMBERS)));
        List<Future<List<Appended>>> appends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          RelayStore node = i % 2 == 0 ? a : b;
          appends.add(node.append(List.of(message("lobby", "alice", "bob"), message("lobby", "carol", "bob"))));
        }
        await(Future.all(appends));
        Set<Long> seqs = new HashSet<>();
        for (Future<List<Appended>> f : appends) {
          f.result().forEach(x -> seqs.add(x.seq()));
        }
        assertEquals(LongStream.rangeClosed(1, 400).boxed().collect(Collectors.toSet()), seqs);

        // a resend through the other node is the same frame
        NewFrame sent = message("lobby", "alice", "resent-id", T0, "bob");
        long first = await(a.append(List.of(sent))).get(0).seq();
        assertEquals(List.of(new Appended(first, true)), await(b.append(List.of(sent))));

        // a nick registered through one node is taken on the other
        List<Future<RegisterOutcome>> race = List.of(a.register(RegistrationStoreTest.alice(T0)),
            b.register(RegistrationStoreTest.mallory(T0)));
        await(Future.all(race));
        assertEquals(1, race.stream().filter(f -> f.result() == RegisterOutcome.REGISTERED).count());
        assertEquals(1, race.stream().filter(f -> f.result() == RegisterOutcome.OTHER_IDENTITY).count());
        assertEquals(401, readAll(b, "lobby", "bob", 1_000).size());
      } finally {
        Await.result(b.closeAsync());
      }
    } finally {
      Await.result(otherNode.close());
    }
  }

  @Test
  void aFrameTheServerRefusesFailsOnlyItsOwnAppendAndTheRestKeepTheirOrder() throws Exception {
    RelayStore store = open(backend, backend.fresh());
    join(store, "lobby", "bob");
    List<NewFrame> big = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      big.add(message("lobby", "alice", "bob"));
    }
    // the big append keeps the writer busy, so the ten behind it wait and run as one statement
    Future<List<Appended>> first = store.append(big);
    List<Future<List<Appended>>> next = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String id = i == 4 ? "refused\u0000by-postgres" : "good-" + i; // text may not hold NUL
      ids.add(id);
      next.add(store.append(List.of(message("lobby", "carol", id, T0, "bob"))));
    }
    assertEquals(LongStream.rangeClosed(1, 500).boxed().toList(), seqs(await(first)));
    long expected = 501;
    for (int i = 0; i < 10; i++) {
      if (i == 4) {
        Throwable refused = Await.failure(next.get(i));
        assertInstanceOf(StoreException.class, refused);
        assertTrue(refused.getMessage().startsWith("store postgresql://"), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
      } else {
        assertEquals(List.of(new Appended(expected++, false)), await(next.get(i)), ids.get(i));
      }
    }
    List<StoredFrame> stored = readAll(store, "lobby", "bob", 1_000);
    assertEquals(LongStream.rangeClosed(1, 509).boxed().toList(), seqs(stored), "no gap where the refused frame was");
    assertTrue(stored.stream().noneMatch(f -> f.id().startsWith("refused")));
    assertEquals(509L, await(store.maxSeq("lobby")));
  }
}
