package dev.chatroom.relay;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.util.concurrent.TimeUnit;

/** A new, empty database on the server a postgresql:// URL names (its user may create databases). */
final class PgDatabases {
  private PgDatabases() {}

  /** Creates {@code prefix_<time>} and returns the same URL naming it. */
  static String fresh(String url, String prefix) throws Exception {
    String db = prefix + "_" + Long.toString(System.nanoTime(), 36);
    Vertx vertx = Vertx.vertx();
    try {
      PgConnection conn = PgConnection.connect(vertx, PgConnectOptions.fromUri(url))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      try {
        conn.query("CREATE DATABASE " + db).execute().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } finally {
        conn.close();
      }
    } finally {
      vertx.close();
    }
    return url.substring(0, url.lastIndexOf('/') + 1) + db;
  }
}
