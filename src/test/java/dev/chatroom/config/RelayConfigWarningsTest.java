package dev.chatroom.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelayConfigWarningsTest extends LoaderFixture {

  @Test
  void unknownFileKeysWarnWithASuggestion() throws Exception {
    Path f = file("relay.json", """
        {"max_frame_byte": 2048, "idle_timeout": 5, "members": [], "tls": {"crt": "x"},
         "maxConnections": 3, "colour": "blue"}
        """);
    var loaded = load(f, Map.of(), new Properties(), new JsonObject());
    String file = "Config file " + f;
    assertEquals(List.of(
        file + " has an unknown setting \"max_frame_byte\", which is ignored; did you mean \"max_frame_bytes\"?",
        file + " has an unknown setting \"idle_timeout\", which is ignored; did you mean \"idle_timeout_seconds\"?",
        file + " has an unknown setting \"members\", which is ignored; did you mean \"cluster.members\"?",
        file + " has an unknown setting \"tls.crt\", which is ignored; did you mean \"tls.cert\"?",
        file + " has an unknown setting \"maxConnections\", which is ignored; did you mean \"max_connections\"?",
        file + " has an unknown setting \"colour\", which is ignored."), loaded.warnings());
    assertEquals(RelayConfig.defaults(), loaded.config(), "unknown keys change nothing");
  }

  @Test
  void unknownEnvSysAndFlagNamesWarn() throws Exception {
    // CHATROOM_JAVA_OPTS is bin/chatroom's own: no warning for it
    var env = Map.of("CHATROOM_PROT", "1", "CHATROOM_CLUSTER_MEMBER", "a:1", "CHATROOM_JAVA_OPTS", "-Xmx1g");
    var loaded = load(null, env, props("chatroom.admin.prot", "1"), new JsonObject().put("admin.hots", "x"));
    assertEquals(List.of(
        "Unknown environment variable CHATROOM_CLUSTER_MEMBER is ignored; did you mean CHATROOM_CLUSTER_MEMBERS?",
        "Unknown environment variable CHATROOM_PROT is ignored; did you mean CHATROOM_PORT?",
        "Unknown system property chatroom.admin.prot is ignored; did you mean chatroom.admin.port?",
        "The command-line flags has an unknown setting \"admin.hots\", which is ignored; did you mean \"admin.host\"?"),
        loaded.warnings());
  }

  @ParameterizedTest
  @ValueSource(strings = {"relay.json", "relay-cluster.json", "relay-tls.json"})
  void shippedConfigFilesLoadWithoutWarnings(String name) throws Exception {
    Path cert = Files.writeString(dir.resolve("relay.crt"), "cert");
    Path key = Files.writeString(dir.resolve("relay.key"), "key");
    // the TLS example names files a user creates; point at temp ones so everything else is checked
    var flags = name.equals("relay-tls.json")
        ? new JsonObject().put("tls.cert", cert.toString()).put("tls.key", key.toString())
        : new JsonObject();
    if (name.equals("relay-cluster.json")) { // its cluster TLS files come from `chatroom cluster-ca`
      flags.put("cluster.tls_cert", cert.toString()).put("cluster.tls_key", key.toString()).put("cluster.tls_ca", cert.toString());
    }
    var loaded = RelayConfigLoader.load(vertx, Path.of("conf", name), Map.of(), new Properties(), flags);
    assertEquals(List.of(), loaded.warnings());
  }

  @Test
  void shippedRelayJsonRepeatsTheDefaults() throws Exception {
    var loaded = RelayConfigLoader.load(vertx, Path.of("conf", "relay.json"), Map.of(), new Properties(), null);
    assertEquals(RelayConfig.defaults(), loaded.config());
  }

  @Test
  void shippedExamplesSayWhatTheyPromise() throws Exception {
    Path pem = Files.writeString(dir.resolve("any.pem"), "pem");
    RelayConfig cluster = RelayConfigLoader.load(vertx, Path.of("conf", "relay-cluster.json"), Map.of(),
        new Properties(), new JsonObject().put("cluster.tls_cert", pem.toString()).put("cluster.tls_key", pem.toString())
            .put("cluster.tls_ca", pem.toString())).config();
    assertEquals(true, cluster.cluster().enabled());
    assertEquals(3, cluster.cluster().members().size());
    assertEquals("json", cluster.logFormat());
    assertTrue(cluster.cluster().tls().enabled(), "the cluster example encrypts its event bus");
  }
}
