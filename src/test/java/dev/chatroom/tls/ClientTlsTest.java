package dev.chatroom.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.relay.RelayServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real TLS relay; a Vert.x NetClient configured by ClientTls, as the chat client does. */
class ClientTlsTest {
  @TempDir Path dir;
  private Vertx vertx;
  private NetClient client; // kept: an unreferenced Vert.x 5 NetClient is collected and closes its sockets
  private SelfSigned relayCert;
  private Path relayDir;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    relayCert = SelfSigned.generate(List.of("127.0.0.1"), 1);
    relayDir = dir.resolve("relay");
    relayCert.write(relayDir);
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private RelayServer startRelay(Path certDir) throws Exception {
    RelayConfig config = RelayConfig.builder().port(0).store("memory")
        .tls(certDir.resolve(SelfSigned.CERT_FILE).toString(), certDir.resolve(SelfSigned.KEY_FILE).toString()).build();
    return await(RelayServer.start(vertx, config));
  }

  private NetSocket connect(ClientTls tls, int port) throws Exception {
    client = vertx.createNetClient(tls.apply(new NetClientOptions().setConnectTimeout(5000).setSslHandshakeTimeout(5)
        .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)));
    return await(client.connect(port, "127.0.0.1"));
  }

  private String failure(ClientTls tls, int port) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> connect(tls, port));
    return ClientTls.explain(e.getCause(), tls, "127.0.0.1");
  }

  /** Sends a line the relay must answer (with an error frame): proves data flows through TLS. */
  private String exchange(NetSocket socket) throws Exception {
    io.vertx.core.Promise<String> line = io.vertx.core.Promise.promise();
    Buffer received = Buffer.buffer();
    socket.handler(b -> {
      received.appendBuffer(b);
      if (received.toString().contains("\n")) {
        line.tryComplete(received.toString());
      }
    });
    socket.write("{\"type\":\"nonsense\"}\n");
    return await(line.future());
  }

  @Test
  void pinnedCertificateConnectsAndCarriesFrames() throws Exception {
    RelayServer relay = startRelay(relayDir);
    NetSocket socket = connect(ClientTls.fromOptions(false, null, relayCert.pin().toString()), relay.port());
    assertTrue(socket.isSsl());
    assertTrue(exchange(socket).contains("\"error\""));
  }

  @Test
  void caFileWithMatchingNameConnects() throws Exception {
    RelayServer relay = startRelay(relayDir);
    ClientTls tls = ClientTls.fromOptions(true, relayDir.resolve(SelfSigned.CERT_FILE).toString(), null);
    assertTrue(exchange(connect(tls, relay.port())).contains("\"error\""));
  }

  @Test
  void unknownCaInSystemStoreIsNamed() throws Exception {
    RelayServer relay = startRelay(relayDir);
    assertEquals("the relay's certificate is not signed by a CA in the system trust store; "
        + "pass --tls-ca with its CA or --tls-pin with its sha256 pin",
        failure(ClientTls.fromOptions(true, null, null), relay.port()));
  }

  @Test
  void unknownCaInCaFileIsNamed() throws Exception {
    RelayServer relay = startRelay(relayDir);
    Path otherDir = dir.resolve("other");
    SelfSigned.generate(List.of("127.0.0.1"), 1).write(otherDir);
    String ca = otherDir.resolve(SelfSigned.CERT_FILE).toString();
    assertEquals("the relay's certificate is not signed by a CA in the CA file " + ca
        + "; pass --tls-ca with its CA or --tls-pin with its sha256 pin",
        failure(ClientTls.fromOptions(true, ca, null), relay.port()));
  }

  @Test
  void wrongNameIsNamed() throws Exception {
    Path wrongDir = dir.resolve("wrong-name");
    SelfSigned.generate(List.of("relay.example"), 1).write(wrongDir);
    RelayServer relay = startRelay(wrongDir);
    ClientTls tls = ClientTls.fromOptions(true, wrongDir.resolve(SelfSigned.CERT_FILE).toString(), null);
    assertEquals("the relay's certificate is not valid for the name 127.0.0.1; connect with a name the certificate lists",
        failure(tls, relay.port()));
  }

  @Test
  void wrongPinIsNamedWithBothPins() throws Exception {
    RelayServer relay = startRelay(relayDir);
    CertificatePin other = SelfSigned.generate(List.of("127.0.0.1"), 1).pin();
    assertEquals("the relay at 127.0.0.1 presented certificate " + relayCert.pin() + ", not the pinned " + other
        + "; check the pin with the relay's operator",
        failure(ClientTls.fromOptions(true, null, other.toString()), relay.port()));
  }

  @Test
  void plaintextRelayIsNamed() throws Exception {
    RelayServer relay = await(RelayServer.start(vertx, RelayConfig.builder().port(0).store("memory").build()));
    assertEquals("the relay at 127.0.0.1 does not speak TLS on that port; drop --tls or check the port",
        failure(ClientTls.fromOptions(false, null, relayCert.pin().toString()), relay.port()));
  }

  @Test
  void badOptionsAreOneSentence() {
    assertEquals("use either --tls-ca or --tls-pin, not both", assertThrows(IllegalArgumentException.class,
        () -> ClientTls.fromOptions(true, "ca.pem", relayCert.pin().toString())).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ClientTls.fromOptions(true, null, "sha256:abc"))
        .getMessage().startsWith("a TLS pin looks like sha256:"));
    assertEquals("cannot read the CA file " + dir.resolve("missing.pem"), assertThrows(IllegalArgumentException.class,
        () -> ClientTls.fromOptions(true, dir.resolve("missing.pem").toString(), null)).getMessage());
  }

  @Test
  void pinParsesOpensslFingerprintForm() {
    String hex = relayCert.pin().toString().substring("sha256:".length()).toUpperCase(java.util.Locale.ROOT);
    String openssl = String.join(":", hex.split("(?<=\\G..)"));
    assertEquals(relayCert.pin(), CertificatePin.parse("sha256:" + openssl));
    assertEquals(relayCert.pin(), CertificatePin.parse(relayCert.pin().toString()));
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
