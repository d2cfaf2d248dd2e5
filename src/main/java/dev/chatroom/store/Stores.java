package dev.chatroom.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Picks the store implementation for a location. */
final class Stores {
  private Stores() {}

  static Future<RelayStore> open(Vertx vertx, StoreLocation location) {
    if (location instanceof StoreLocation.Sqlite sqlite) {
      return SqliteStore.open(vertx, sqlite);
    }
    if (location instanceof StoreLocation.Memory) {
      return MemoryStore.open(vertx);
    }
    return PgStore.open(vertx, (StoreLocation.Postgres) location);
  }
}
