package dev.chatroom.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** cluster.tls_cert / tls_key / tls_ca: all three or none, each a readable file, from any source. */
class ClusterTlsConfigTest extends LoaderFixture {
  @Test
  void unsetMeansPlainEventBus() throws Exception {
    RelayConfig c = config("{}");
    assertEquals(RelayConfig.ClusterTls.NONE, c.cluster().tls());
    assertFalse(c.cluster().tls().enabled());
  }

  @Test
  void threeReadableFilesFromEnvironmentTurnItOn() throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
    Path key = Files.writeString(dir.resolve("key.pem"), "x");
    Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
    var env = Map.of("CHATROOM_CLUSTER_TLS_CERT", cert.toString(), "CHATROOM_CLUSTER_TLS_KEY", key.toString(),
        "CHATROOM_CLUSTER_TLS_CA", ca.toString());
    RelayConfig c = load(null, env, new Properties(), new JsonObject()).config();
    assertEquals(new RelayConfig.ClusterTls(cert.toString(), key.toString(), ca.toString()), c.cluster().tls());
    assertEquals(cert.toString(), RelayConfigLoader.toJson(c).getJsonObject("cluster").getString("tls_cert"));
  }

  @Test
  void systemPropertiesAndFlagsNameTheSameKeys() throws Exception {
    Path f = Files.writeString(dir.resolve("any.pem"), "x");
    RelayConfig c = load(null, Map.of(), props("chatroom.cluster.tls_cert", f.toString(), "chatroom.cluster.tls_key",
        f.toString()), new JsonObject().put("cluster.tls_ca", f.toString())).config();
    assertEquals(new RelayConfig.ClusterTls(f.toString(), f.toString(), f.toString()), c.cluster().tls());
  }

  @Test
  void oneOrTwoSetIsOneSentenceNamingWhatIsMissing() {
    Path f = file("relay.json", "{\"cluster\": {\"tls_cert\": \"c.pem\"}}");
    var e = assertThrows(ConfigException.class, () -> load(f, Map.of(), new Properties(), new JsonObject()));
    assertEquals("cluster.tls_cert, cluster.tls_key and cluster.tls_ca must be set together, but cluster.tls_key"
        + " and cluster.tls_ca are missing while cluster.tls_cert is set (from " + f + ").", e.getMessage());
    e = assertThrows(ConfigException.class, () -> load(null,
        Map.of("CHATROOM_CLUSTER_TLS_KEY", "k.pem", "CHATROOM_CLUSTER_TLS_CA", "ca.pem"), new Properties(), new JsonObject()));
    assertEquals("cluster.tls_cert, cluster.tls_key and cluster.tls_ca must be set together, but cluster.tls_cert"
        + " is missing while cluster.tls_key is set (from environment variable CHATROOM_CLUSTER_TLS_KEY).", e.getMessage());
  }

  @Test
  void aMissingFileIsOneSentence() throws Exception {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
    Path key = Files.writeString(dir.resolve("key.pem"), "x");
    var e = assertThrows(ConfigException.class, () -> load(null, Map.of(), new Properties(), new JsonObject()
        .put("cluster.tls_cert", cert.toString()).put("cluster.tls_key", key.toString()).put("cluster.tls_ca", "gone.pem")));
    assertEquals("cluster.tls_ca (from command-line flags) must name a readable file, but \"gone.pem\" does not exist"
        + " or cannot be read.", e.getMessage());
  }

  @Test
  void emptyEnvironmentValueUnsetsIt() throws Exception {
    var env = Map.of("CHATROOM_CLUSTER_TLS_CERT", "", "CHATROOM_CLUSTER_TLS_KEY", " ", "CHATROOM_CLUSTER_TLS_CA", "");
    assertEquals(RelayConfig.ClusterTls.NONE, load(null, env, new Properties(), new JsonObject()).config().cluster().tls());
  }
}
