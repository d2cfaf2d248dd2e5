package dev.chatroom.bench;

import ch.qos.logback.classic.Level;
import dev.chatroom.config.RelayConfig;
import dev.chatroom.crypto.Identity;
import dev.chatroom.relay.RelayRuntime;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatroom bench}: the load generator of docs/BENCHMARKS.md. Exit 1 if anything was lost. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure a relay: N members join one room and senders message every other member.",
        "Without --server a relay starts in this process with its rate limit raised; an external "
            + "relay needs CHATROOM_RATE_PER_SECOND and CHATROOM_RATE_BURST raised too."})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--server", paramLabel = "HOST:PORT", description = "Relay to measure (default: one in this process).")
  String server;

  @Option(names = "--baseline", description = "Also measure a plain NIO forwarder with the same workload.")
  boolean baseline;

  @Option(names = "--cluster", description = "Measure one relay node, then two clustered nodes (Hazelcast, "
      + "child JVMs) with the senders on node A and the receivers on node B; --senders defaults to 1.")
  boolean cluster;

  @Option(names = "--room-size", paramLabel = "N", description = "Members in the room.")
  Integer roomSize;

  @Option(names = "--senders", paramLabel = "K", description = "Members that send (default: all).")
  Integer senders;

  @CommandLine.ArgGroup(exclusive = true)
  Pace pace;

  static final class Pace {
    @Option(names = "--rate", paramLabel = "R", description = "Total messages/s across senders.")
    Double rate;

    @Option(names = "--saturate", description = "Send as fast as deliveries allow.")
    boolean saturate;
  }

  @Option(names = "--payload-bytes", paramLabel = "B", defaultValue = "1024", description = "JSON payload size (default ${DEFAULT-VALUE}).")
  int payloadBytes;

  @Option(names = "--warmup", paramLabel = "S", defaultValue = "5", description = "Seconds before measuring (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--duration", paramLabel = "S", defaultValue = "10", description = "Seconds measured (default ${DEFAULT-VALUE}).")
  int duration;

  @Option(names = "--real-crypto", description = "Really seal and open every message.")
  boolean realCrypto;

  @Option(names = "--rsa-bits", paramLabel = "BITS", defaultValue = "3072", description = "RSA key size (default ${DEFAULT-VALUE}).")
  int rsaBits;

  @Option(names = "--window", paramLabel = "W", description = "With --saturate: undelivered messages per sender "
      + "(default: 4000 deliveries in flight in all, so no recipient's queue nears the relay's slow-consumer limit).")
  Integer window;

  @Option(names = "--idle", paramLabel = "N", description = "Open N joined, idle connections and report relay heap per connection.")
  Integer idle;

  @Option(names = "--json", description = "Print one JSON object as the last line.")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (roomSize == null && idle == null) {
      throw usage("give --room-size N (and --rate R or --saturate), or --idle N");
    }
    quietLogs();
    PrintWriter out = spec.commandLine().getOut();
    JsonObject summary = new JsonObject();
    boolean clean = true;
    if (roomSize != null) {
      Workload w = workload();
      BenchResult[] results = cluster ? ClusterBench.run(w, Identity.generate(rsaBits)) : runLoad(w);
      if (!json) {
        if (cluster) {
          BenchReport.clusterTable(out, results[0], results[1]);
        } else {
          BenchReport.table(out, results[0], results[1]);
        }
      }
      summary.mergeIn(cluster ? BenchReport.clusterJson(results[0], results[1]) : BenchReport.json(results[0], results[1]));
      clean = results[0].clean() && (results[1] == null || results[1].clean());
    }
    if (idle != null) {
      IdleProbe.Result r = IdleProbe.run(idle, server == null ? null : address(server), rsaBits);
      if (!json) {
        out.println(r.describe());
      }
      summary.put("idle_connections", r.connections()).put("idle_heap_bytes_per_connection", r.bytesPerConnection());
    }
    if (json) {
      out.println(summary.encode());
    }
    out.flush();
    if (!clean) {
      spec.commandLine().getErr().println("chatroom: the run lost, duplicated or refused messages (see above)");
      return 1;
    }
    return 0;
  }

  private Workload workload() {
    if (pace == null) {
      throw usage("give --rate R or --saturate");
    }
    if (pace.rate != null && pace.rate <= 0) {
      throw usage("--rate must be positive");
    }
    if (cluster && (server != null || baseline)) {
      throw usage("--cluster starts its own nodes; it takes neither --server nor --baseline");
    }
    if (cluster && senders != null && senders >= roomSize) {
      throw usage("--cluster needs receivers on node B: --senders must be below --room-size");
    }
    if (cluster && senders == null) {
      senders = 1;
    }
    try {
      return new Workload(roomSize, senders == null ? roomSize : senders, pace.saturate ? 0 : pace.rate,
          payloadBytes, Duration.ofSeconds(warmup), Duration.ofSeconds(duration), realCrypto, rsaBits,
          window != null ? window : Workload.defaultWindow(roomSize, senders == null ? roomSize : senders));
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private BenchResult[] runLoad(Workload w) throws Exception {
    Identity identity = Identity.generate(rsaBits); // one identity for every member: keys made once
    BenchResult ours;
    if (server == null) {
      RelayRuntime relay = RelayRuntime.start(embeddedRelay(w.roomSize() + 100));
      try {
        ours = new LoadGenerator(w, identity, new InetSocketAddress("127.0.0.1", relay.relay().port()), true).run("relay");
      } finally {
        relay.stop(5);
      }
    } else {
      ours = new LoadGenerator(w, identity, address(server), true).run("relay");
    }
    BenchResult base = null;
    if (baseline) {
      try (BaselineForwarder forwarder = BaselineForwarder.start()) {
        base = new LoadGenerator(w, identity, new InetSocketAddress("127.0.0.1", forwarder.port()), false).run("baseline");
      }
    }
    return new BenchResult[] {ours, base};
  }

  /** The embedded relay: defaults, a free port, and limits that the load would otherwise hit. */
  static RelayConfig embeddedRelay(int maxConnections) {
    return RelayConfig.builder().port(0).store("memory").ratePerSecond(1e9).rateBurst(1_000_000)
        .maxConnections(maxConnections)
        .maxConnectionsPerAddress(maxConnections).connectRatePerSecond(1e9).connectRateBurst(maxConnections) // all load is from loopback
        .build();
  }

  private InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try {
      return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw usage("--server must be HOST:PORT, not '" + hostPort + "'");
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** Per-connection relay logs would drown the report; -v keeps them. */
  private static void quietLogs() {
    if (!"DEBUG".equals(System.getProperty("chatroom.log.level"))
        && LoggerFactory.getLogger("dev.chatroom") instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(Level.WARN);
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.vertx")).setLevel(Level.ERROR);
    }
  }
}
