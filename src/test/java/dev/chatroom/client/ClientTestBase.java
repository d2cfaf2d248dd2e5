package dev.chatroom.client;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.KeyFiles;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.relay.RelayServer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real relay in this JVM, identity folders in a temp dir, and cleanup of every child. */
abstract class ClientTestBase {
  @TempDir
  Path temp;
  Vertx vertx;
  RelayServer relay;
  final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void startRelay() throws Exception {
    vertx = Vertx.vertx();
    relay = startRelay(0);
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  RelayServer startRelay(int port) throws Exception {
    return RelayServer.start(vertx, RelayConfig.builder().port(port).store("memory").build())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  int port() { return relay.port(); }

  /** A fresh identity folder for {@code nick} (RSA 2048: quick to make). */
  Path identity(String nick) throws CryptoException {
    Path dir = temp.resolve(nick);
    KeyFiles.write(dir, TestIdentities.fresh(), null);
    return dir;
  }

  /** Arguments every {@link #chat} gets first: a version 1 test class says {@code --protocol 1}. */
  String[] protocolArgs() { return new String[0]; }

  /** The version 1 client, for tests of behaviour that version 2 changes. */
  static final String[] V1 = {"--protocol", "1"};

  ChatProcess chat(String nick, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of(protocolArgs()));
    args.addAll(List.of(more));
    ChatProcess p = ChatProcess.start(port(), nick, identity(nick), args.toArray(String[]::new));
    closeables.add(p);
    return p;
  }

  RawPeer raw(String nick, String room, Identity id) throws Exception {
    RawPeer p = RawPeer.join(port(), nick, room, id);
    closeables.add(p);
    return p;
  }
}
