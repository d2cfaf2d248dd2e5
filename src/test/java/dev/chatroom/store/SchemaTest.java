package dev.chatroom.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Schema deltas applied at start-up, and a store from a newer release refused. */
class SchemaTest extends StoreFixture {

  @StoreContract
  void anEmptyStoreIsMigratedToTheLatestVersionOnce(StoreBackend backend) throws Exception {
    StoreLocation where = backend.fresh();
    RelayStore store = open(backend, where);
    join(store, "lobby", "bob");
    await(store.append(List.of(message("lobby", "alice", "bob"))));
    await(store.closeAsync());
    assertEquals(Schema.LATEST, backend.schemaVersion(where));
    // a second start applies nothing again and keeps the data
    RelayStore again = open(backend, where);
    assertEquals(1L, await(again.maxSeq("lobby")));
    assertEquals(1, readAll(again, "lobby", "bob", 10).size());
  }

  @StoreContract
  void aStoreFromANewerReleaseIsRefusedNotDowngraded(StoreBackend backend) throws Exception {
    StoreLocation where = backend.fresh();
    await(open(backend, where).closeAsync());
    backend.setSchemaVersion(where, Schema.LATEST + 1);
    Throwable refused = Await.failure(RelayStore.open(vertx, where));
    assertInstanceOf(StoreException.class, refused);
    assertEquals("store " + where + " has schema version " + (Schema.LATEST + 1) + ", newer than this relay knows ("
        + Schema.LATEST + "); run a newer chatroom", refused.getMessage());
    assertEquals(Schema.LATEST + 1, backend.schemaVersion(where));
  }

  @StoreContract
  void everyDeltaHasBothDialects(StoreBackend backend) {
    for (int v = 1; v <= Schema.LATEST; v++) {
      assertFalse(Schema.statements("sqlite", v).isEmpty());
      assertEquals(Schema.statements("sqlite", v).size(), Schema.statements("postgres", v).size(),
          "delta " + v + " has the same statements in both dialects");
    }
    assertTrue(Schema.split("-- c\nA;\n\nB\n  ;\n").equals(List.of("A", "B\n  ")));
  }
}
