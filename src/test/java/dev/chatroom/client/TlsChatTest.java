package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.relay.RelayServer;
import dev.chatroom.tls.SelfSigned;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** `chatroom chat --tls-pin` against a TLS relay, and the sentence a wrong pin earns. */
class TlsChatTest extends ClientTestBase {

  @Test
  @Timeout(60)
  void chatOverTlsWithAPinnedCertificateAndRefuseAWrongPin() throws Exception {
    SelfSigned cert = SelfSigned.generate(List.of("localhost", "127.0.0.1"), 1);
    Path dir = temp.resolve("tls");
    cert.write(dir);
    RelayServer tlsRelay = RelayServer.start(vertx, RelayConfig.builder().port(0).store("memory")
            .tls(dir.resolve(SelfSigned.CERT_FILE).toString(), dir.resolve(SelfSigned.KEY_FILE).toString()).build())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    String pin = cert.pin().toString();

    ChatProcess alice = ChatProcess.start(tlsRelay.port(), "alice", identity("alice"), "--tls-pin", pin);
    closeables.add(alice);
    alice.awaitErr("joined lobby as alice");
    ChatProcess bob = ChatProcess.start(tlsRelay.port(), "bob", identity("bob"), "--tls-pin", pin);
    closeables.add(bob);
    bob.awaitErr("joined lobby as bob");
    alice.awaitErr("bob joined");
    alice.type("over tls");
    bob.awaitOut("alice: over tls");

    String wrongPin = "sha256:" + "00".repeat(32);
    ChatProcess mallory = ChatProcess.start(tlsRelay.port(), "mallory", identity("mallory"), "--tls-pin", wrongPin);
    closeables.add(mallory);
    mallory.awaitErr("not the pinned " + wrongPin);
    // and a plaintext relay is named as such
    ChatProcess plain = ChatProcess.start(port(), "eve", identity("eve"), "--tls-pin", pin);
    closeables.add(plain);
    plain.awaitErr("does not speak TLS on that port");
    assertEquals(0, alice.finish());
  }
}
