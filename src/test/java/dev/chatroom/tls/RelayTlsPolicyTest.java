package dev.chatroom.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.relay.RelayServer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The relay's client port speaks TLS 1.2+ with AEAD suites only; probed with a plain JDK client. */
class RelayTlsPolicyTest {
  @TempDir static Path dir;
  private static Vertx vertx;
  private static RelayServer relay;
  private static SSLContext trustingPin;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    SelfSigned cert = SelfSigned.generate(List.of("127.0.0.1"), 1);
    cert.write(dir);
    relay = ClientTlsTest.await(RelayServer.start(vertx, RelayConfig.builder().port(0).store("memory")
        .tls(dir.resolve(SelfSigned.CERT_FILE).toString(), dir.resolve(SelfSigned.KEY_FILE).toString()).build()));
    trustingPin = SSLContext.getInstance("TLS");
    trustingPin.init(null, new TrustManager[] {new PinTrustManager(cert.pin())}, null);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static SSLSocket handshake(String protocol, String suite) throws Exception {
    SSLSocket socket = (SSLSocket) trustingPin.getSocketFactory().createSocket("127.0.0.1", relay.port());
    socket.setSoTimeout(5000);
    socket.setEnabledProtocols(new String[] {protocol});
    if (suite != null) {
      socket.setEnabledCipherSuites(new String[] {suite});
    }
    socket.startHandshake();
    return socket;
  }

  @Test
  void defaultClientGetsTls13() throws Exception {
    try (SSLSocket socket = handshake("TLSv1.3", null)) {
      assertEquals("TLSv1.3", socket.getSession().getProtocol());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"})
  void tls12WithForwardSecretAeadIsAccepted(String suite) throws Exception {
    try (SSLSocket socket = handshake("TLSv1.2", suite)) {
      assertEquals(suite, socket.getSession().getCipherSuite());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"})
  void tls12CbcSuitesAreRefused(String suite) {
    assertThrows(SSLHandshakeException.class, () -> handshake("TLSv1.2", suite).close());
  }
}
