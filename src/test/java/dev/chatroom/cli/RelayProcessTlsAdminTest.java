package dev.chatroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.FrameCodec;
import dev.chatroom.tls.SelfSigned;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay as deployed in a container: TLS, admin port, JSON logs, -v. A client chats over TLS;
 * /health and /metrics answer; no log line at debug level carries keys, tokens or signatures.
 */
@Timeout(180) // a hang guard: the waits inside poll for lines and return as soon as they come
class RelayProcessTlsAdminTest {
  private static final String TOKEN = "gAAAAABtoken-that-must-never-be-logged";
  private static final String WRAPPED_KEY = "d3JhcHBlZC1rZXktbmV2ZXItbG9nZ2Vk";
  private static final String SIGNATURE = "c2lnbmF0dXJlLW5ldmVyLWxvZ2dlZA" + "A".repeat(56) + "==";

  @TempDir Path dir;

  @Test
  void tlsRelayWithAdminAndJsonLogs() throws Exception {
    SelfSigned cert = SelfSigned.generate(List.of("127.0.0.1"), 1);
    cert.write(dir.resolve("tls"));
    int adminPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      adminPort = probe.getLocalPort();
    }
    try (ChatroomProcess relay = new ChatroomProcess(dir, Map.of(), "relay", "-v", "--log-format", "json",
        "--port", "0", "--admin-port", String.valueOf(adminPort),
        "--tls-cert", "tls/cert.pem", "--tls-key", "tls/key.pem")) {
      String listening = relay.awaitLine(l -> l.contains("relay listening on"), 90); // a cold JVM on a loaded machine
      Matcher port = Pattern.compile("127\\.0\\.0\\.1:(\\d+) \\(TLS\\)").matcher(listening);
      assertTrue(port.find(), listening);
      relay.awaitLine(l -> l.contains("admin HTTP on"), 90);

      Identity id = TestIdentities.fresh();
      try (SSLSocket socket = (SSLSocket) trusting(cert).getSocketFactory()
          .createSocket("127.0.0.1", Integer.parseInt(port.group(1)))) {
        socket.setSoTimeout(20_000); // a cold child JVM under a loaded CI machine
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream();
        out.write(FrameCodec.encodeToString(new Frame.Hello(1, "zed-nick", "hidden-room", id.encKey(), id.sigKey()))
            .getBytes(StandardCharsets.UTF_8));
        assertTrue(in.readLine().contains("\"welcome\""));
        TreeMap<String, String> keys = new TreeMap<>(Map.of("zed-nick", WRAPPED_KEY));
        out.write(FrameCodec.encodeToString(new Frame.Message(UUID.randomUUID().toString(), "hidden-room", "zed-nick",
            System.currentTimeMillis(), TOKEN, keys, SIGNATURE)).getBytes(StandardCharsets.UTF_8));
        out.flush();
        String answer = in.readLine(); // the sender named only itself: an ack listing it missing
        assertTrue(answer.contains("\"ack\""), answer);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> health = http.send(get(adminPort, "/health"), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        String metrics = http.send(get(adminPort, "/metrics"), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("\nchatroom_messages_in_total 1.0\n"), metrics);
        assertTrue(metrics.contains("\nchatroom_members 1.0\n"), metrics);
        assertFalse(metrics.contains("zed-nick") || metrics.contains("hidden-room"), "no nick or room in /metrics");
      }

      relay.terminate();
      assertEquals(Main.EXIT_OK, relay.awaitExit(15));
      List<String> err = relay.stderr();
      for (String line : err) {
        JsonObject json = new JsonObject(line); // every line is JSON for the log collector
        assertTrue(json.containsKey("level") && json.containsKey("formattedMessage"), line);
        for (String secret : List.of(TOKEN, WRAPPED_KEY, SIGNATURE, id.encKey(), id.sigKey())) {
          assertFalse(line.contains(secret), "a log line carries a secret: " + line);
        }
      }
      assertTrue(err.stream().anyMatch(l -> l.contains("zed-nick joined room hidden-room")), String.join("\n", err));
    }
  }

  private static HttpRequest get(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build();
  }

  private static SSLContext trusting(SelfSigned cert) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    store.setCertificateEntry("relay", cert.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
