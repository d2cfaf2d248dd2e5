package dev.chatroom.cli;

import dev.chatroom.config.ConfigException;
import dev.chatroom.config.RelayConfig;
import dev.chatroom.config.RelayConfigLoader;
import dev.chatroom.ops.LogFormat;
import dev.chatroom.server.RelayRuntime;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "relay", mixinStandardHelpOptions = true,
    description = "Run a relay node. Settings: built-in defaults < conf/relay.json (or --config) "
        + "< CHATROOM_* environment < -Dchatroom.* < these flags.")
final class RelayCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: conf/relay.json if present).")
  Path config;

  @Option(names = "--host", description = "Address to listen on (default 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "Client port (default 7878; 0 picks a free one).")
  Integer port;

  @Option(names = "--max-connections", paramLabel = "N", description = "Connections this node accepts.")
  Integer maxConnections;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain: turns TLS on.")
  String tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key for --tls-cert.")
  String tlsKey;

  @Option(names = "--admin-host", description = "Admin HTTP address (default 127.0.0.1).")
  String adminHost;

  @Option(names = "--admin-port", description = "Admin HTTP port for /health, /ready, /metrics (off unless set).")
  Integer adminPort;

  @Option(names = "--cluster", description = "Join a relay cluster (Hazelcast); see docs/CLUSTER.md.")
  Boolean cluster;

  @Option(names = "--cluster-host", paramLabel = "HOST", description = "This node's address for cluster traffic (default 127.0.0.1).")
  String clusterHost;

  @Option(names = "--cluster-port", paramLabel = "PORT", description = "Hazelcast port (default 5701).")
  Integer clusterPort;

  @Option(names = "--cluster-members", paramLabel = "H:P[,H:P...]", split = ",",
      description = "Every node's host:port, this one included.")
  java.util.List<String> clusterMembers;

  @Option(names = "--cluster-config", paramLabel = "FILE", description = "Hazelcast XML/YAML file (default: the built-in conf/cluster.xml).")
  String clusterConfig;

  @ParentCommand
  Main main;

  @Option(names = "--store", paramLabel = "STORE",
      description = "Version 2 store: sqlite:PATH (default sqlite:data/chatroom.db), postgresql://user@host:port/db or memory.")
  String store;

  // cluster event-bus TLS (see docs/CLUSTER.md; files from `chatroom cluster-ca`)
  @Option(names = "--cluster-tls-cert", paramLabel = "FILE", description = "This node's PEM certificate for the cluster event bus.")
  String clusterTlsCert;

  @Option(names = "--cluster-tls-key", paramLabel = "FILE", description = "PEM private key for --cluster-tls-cert.")
  String clusterTlsKey;

  @Option(names = "--cluster-tls-ca", paramLabel = "FILE", description = "PEM cluster CA every node's certificate must chain to.")
  String clusterTlsCa;

  @Override
  public Integer call() throws Exception {
    RelayConfig cfg = loadConfig(config, flags());
    LogFormat.apply(cfg.logFormat()); // the CLI guessed from flags and environment; now file and -D count too
    // SIGTERM / Ctrl-C: close clients (their rooms hear left) and exit 0 within 5 s. Registered
    // before starting so a stop right after "listening" is logged also exits 0.
    AtomicReference<RelayRuntime> running = new AtomicReference<>();
    Thread hook = new Thread(() -> {
      RelayRuntime started = running.get();
      if (started != null) {
        started.stop(4);
      }
      Runtime.getRuntime().halt(Main.EXIT_OK);
    }, "relay-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      running.set(RelayRuntime.start(cfg));
    } catch (Exception e) {
      Runtime.getRuntime().removeShutdownHook(hook); // a failed start exits 1, not the hook's 0
      if (e instanceof BindException) {
        throw new Exception("cannot listen on " + cfg.host() + ":" + cfg.port() + ": " + e.getMessage());
      }
      if (e instanceof java.net.UnknownHostException || e instanceof dev.chatroom.store.StoreException) {
        throw new ErrorHandler.UsageError(e.getMessage()); // a store it cannot open or migrate: exit 2
      }
      throw e;
    }
    new CountDownLatch(1).await(); // the relay runs until the process is told to stop
    return Main.EXIT_OK;
  }

  /** The relay's settings as {@code chatroom relay} would use them; also for {@code chatroom admin}. */
  static RelayConfig loadConfig(Path config, JsonObject flags) throws Exception {
    Vertx loaderVertx = Vertx.vertx();
    try {
      RelayConfigLoader.Loaded loaded = RelayConfigLoader.load(loaderVertx, config, flags);
      loaded.warnings().forEach(w -> System.err.println("chatroom: warning: " + w));
      return loaded.config();
    } catch (ConfigException e) {
      throw new ErrorHandler.UsageError(e.getMessage());
    } finally {
      loaderVertx.close();
    }
  }

  private JsonObject flags() {
    JsonObject f = new JsonObject();
    f.put("host", host).put("port", port).put("max_connections", maxConnections);
    f.put("tls.cert", tlsCert).put("tls.key", tlsKey);
    f.put("admin.host", adminHost).put("admin.port", adminPort);
    f.put("cluster.enabled", cluster).put("cluster.host", clusterHost).put("cluster.port", clusterPort);
    f.put("cluster.members", clusterMembers == null ? null : new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(clusterMembers)));
    f.put("cluster.config", clusterConfig);
    f.put("log_format", main == null ? null : main.logFormat);
    f.put("store", store);
    f.put("cluster.tls_cert", clusterTlsCert).put("cluster.tls_key", clusterTlsKey).put("cluster.tls_ca", clusterTlsCa);
    return f;
  }
}
