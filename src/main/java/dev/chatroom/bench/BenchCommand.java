package dev.chatroom.bench;

import ch.qos.logback.classic.Level;
import dev.chatroom.config.RelayConfig;
import dev.chatroom.crypto.Identity;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatroom bench}: the load generator of docs/BENCHMARKS.md. Exit 1 if anything was lost. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure a relay: N members join one room and senders message every other member.",
        "Without --server a relay starts in a child JVM with its rate limit raised; an external "
            + "relay needs CHATROOM_RATE_PER_SECOND and CHATROOM_RATE_BURST raised too. The forwarder, "
            + "the sink and redis-server run in processes of their own as well."})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--server", paramLabel = "HOST:PORT", description = "Relay to measure (default: one in this process).")
  String server;

  @Option(names = "--baseline", description = "Also measure a plain NIO forwarder with the same workload.")
  boolean baseline;

  @Option(names = "--protocol", paramLabel = "1|2", defaultValue = "1", description = "Relay protocol version "
      + "(2: challenge/auth, one sender_key per sender, constant-size group_message frames; default ${DEFAULT-VALUE}).")
  int protocol;

  @Option(names = "--store", paramLabel = "STORE", defaultValue = "memory", description = "The child relay's "
      + "store: memory, sqlite:PATH or postgresql://... (default ${DEFAULT-VALUE}).")
  String store;

  @Option(names = "--postgres", paramLabel = "URL", description = "The store of the v2-postgres target: postgresql://...")
  String postgres;

  @Option(names = "--redis", description = "Also measure Redis pub/sub (redis-server, if installed) with "
      + "group_message-sized frames to the same number of subscribers.")
  boolean redis;

  @Option(names = "--sink", description = "Also run the generator against a server that only reads: what it sends alone.")
  boolean sink;

  @Option(names = "--targets", paramLabel = "LIST", split = ",", description = "Targets in each round, any of "
      + "v1, v2, v2-sqlite, v2-postgres, forwarder, redis, sink (instead of --protocol/--baseline/--redis/--sink); "
      + "v2 runs on --store, v2-sqlite on a fresh SQLite file, v2-postgres on --postgres: store costs in one run.")
  List<String> targets;

  @Option(names = "--rounds", paramLabel = "R", defaultValue = "1", description = "Rounds, targets interleaved; "
      + "medians with min and max (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--sweep", paramLabel = "SIZES", split = ",", description = "Room sizes to sweep, e.g. 2,10,100,1000 "
      + "(targets default to v1,v2,forwarder,redis).")
  List<Integer> sweep;

  @Option(names = "--plot", paramLabel = "FILE", description = "With --sweep: draw deliveries/s and p99 against "
      + "room size to FILE (.svg or .png) and FILE-p99.")
  String plot;

  @Option(names = "--relay-jvm", paramLabel = "FLAG", split = " ", description = "Extra JVM flags for the child relay, "
      + "e.g. a JFR recording.")
  List<String> relayJvm = new ArrayList<>();

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

  @Option(names = "--server-warmup", paramLabel = "S", defaultValue = "0", description = "Before the first round of "
      + "each room size, run every target once for S seconds, not counted: a child JVM's compiler needs tens of "
      + "seconds under load (default ${DEFAULT-VALUE}).")
  int serverWarmup;

  @Option(names = "--duration", paramLabel = "S", defaultValue = "10", description = "Seconds measured (default ${DEFAULT-VALUE}).")
  int duration;

  @Option(names = "--real-crypto", description = "Really seal and open every message.")
  boolean realCrypto;

  @Option(names = "--rsa-bits", paramLabel = "BITS", defaultValue = "3072", description = "RSA key size (default ${DEFAULT-VALUE}).")
  int rsaBits;

  @Option(names = "--window", paramLabel = "W", description = "With --saturate: a sender's messages that the slowest member has not had "
      + "(default: about 4000 deliveries in flight in all, so no recipient's queue nears the relay's slow-consumer limit).")
  Integer window;

  @Option(names = "--idle", paramLabel = "N", description = "Open N joined, idle connections and report relay heap per "
      + "connection (--protocol 2: authenticated members on a SQLite store).")
  Integer idle;

  @Option(names = "--idle-room-size", paramLabel = "M", description = "With --idle: members per room (default 10 for "
      + "version 1, 1 for version 2: a room each; N: one shared room).")
  Integer idleRoomSize;

  @Option(names = "--offline", paramLabel = "N", description = "Report relay heap per offline version 2 membership "
      + "with N memberships in a SQLite store (10 rooms per nick, rooms of 100).")
  Integer offline;

  @Option(names = "--json", description = "Print one JSON object as the last line.")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (roomSize == null && idle == null && sweep == null && offline == null) {
      throw usage("give --room-size N (and --rate R or --saturate), --sweep SIZES, --idle N or --offline N");
    }
    if ((idleRoomSize != null && idleRoomSize < 1) || (offline != null && offline < 1) || (idle != null && idle < 1)) {
      throw usage("--idle, --idle-room-size and --offline must be at least 1");
    }
    if (protocol != 1 && protocol != 2) {
      throw usage("--protocol must be 1 or 2");
    }
    if (rounds < 1) {
      throw usage("--rounds must be at least 1");
    }
    if (warmup < 0 || serverWarmup < 0 || duration < 1) {
      throw usage("--warmup and --server-warmup must be 0 or more seconds, --duration at least 1");
    }
    if (plot != null && sweep == null) {
      throw usage("--plot draws a --sweep");
    }
    if (serverWarmup > 0 && sweep == null && (roomSize == null || cluster)) {
      throw usage("--server-warmup warms the targets of --room-size or --sweep rounds; --cluster, --idle and --offline do not take it");
    }
    quietLogs();
    PrintWriter out = spec.commandLine().getOut();
    JsonObject summary = new JsonObject();
    boolean clean = true;
    if (sweep != null || (roomSize != null && !cluster)) {
      clean = runRounds(out, summary);
    } else if (roomSize != null) {
      Workload w = workload();
      BenchResult[] results = ClusterBench.run(w, Identity.generate(rsaBits), protocol, store);
      if (!json) {
        BenchReport.clusterTable(out, results[0], results[1]);
      }
      summary.mergeIn(BenchReport.clusterJson(results[0], results[1]));
      clean = results[0].clean() && (results[1] == null || results[1].clean());
    }
    if (idle != null) {
      int perRoom = idleRoomSize != null ? idleRoomSize : protocol == 2 ? 1 : IdleProbe.V1_ROOM_SIZE;
      IdleProbe.Result r = IdleProbe.run(idle, server == null ? null : address(server), rsaBits, protocol, perRoom);
      if (!json) {
        out.println(r.describe());
      }
      summary.put("idle_connections", r.connections()).put("idle_heap_bytes_per_connection", r.bytesPerConnection())
          .put("idle_protocol", protocol).put("idle_room_size", perRoom);
    }
    if (offline != null) {
      MembershipProbe.Result r = MembershipProbe.run(offline);
      if (!json) {
        out.println(r.describe());
      }
      summary.put("offline_memberships", r.memberships()).put("offline_heap_bytes_per_membership", r.bytesPerMembership());
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
    return workload(roomSize);
  }

  private Workload workload(int size) {
    if (pace == null) {
      throw usage("give --rate R or --saturate");
    }
    if (pace.rate != null && pace.rate <= 0) {
      throw usage("--rate must be positive");
    }
    if (cluster && (server != null || baseline)) {
      throw usage("--cluster starts its own nodes; it takes neither --server nor --baseline");
    }
    if (cluster && senders != null && senders >= size) {
      throw usage("--cluster needs receivers on node B: --senders must be below --room-size");
    }
    int k = senders != null ? Math.min(senders, size) : cluster ? 1 : Workload.defaultSenders(size);
    try {
      return new Workload(size, k, pace.saturate ? 0 : pace.rate,
          payloadBytes, Duration.ofSeconds(warmup), Duration.ofSeconds(duration), realCrypto, rsaBits,
          window != null ? window : Workload.defaultWindow(size, k));
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /** Every target in its own process, interleaved over rounds; for --sweep, once per room size. */
  private boolean runRounds(PrintWriter out, JsonObject summary) throws Exception {
    List<Wire> wires = wires();
    if (server != null && (wires.contains(Wire.V2_SQLITE) || wires.contains(Wire.V2_POSTGRES))) {
      throw usage("v2-sqlite and v2-postgres start relays of their own; they do not go with --server");
    }
    if (wires.contains(Wire.V2_POSTGRES) && postgres == null) {
      throw usage("the v2-postgres target needs --postgres postgresql://...");
    }
    if (realCrypto && wires.stream().anyMatch(Wire::v2)) {
      throw usage("--real-crypto seals version 1 messages; it does not go with --protocol 2");
    }
    List<Integer> sizes = sweep != null ? sweep : List.of(roomSize);
    sizes.forEach(this::workload); // every size's mistakes before any key is made or server started
    Identity identity = Identity.generate(rsaBits); // one RSA key for every member: keys made once
    List<Summary> all = new ArrayList<>();
    boolean clean = true;
    try (Servers servers = new Servers(store, postgres, server == null ? null : address(server), relayJvm)) {
      for (int size : sizes) {
        Workload w = workload(size);
        List<Wire> here = wiresAt(size, wires, targets != null);
        if (here.size() < wires.size() && !json) {
          out.println("room " + size + ": version 1 and the forwarder left out (a message frame wraps its key once per"
              + " member: " + size + " members make it about " + (size / 2) + " KB; name them in --targets to run them)");
        }
        // with --json stdout is the one object: the rounds, and why one was not clean, go to stderr
        List<Summary> rows = Rounds.run(w, here, servers, identity, rounds,
            Duration.ofSeconds(serverWarmup), json ? spec.commandLine().getErr() : out);
        if (!json) {
          SummaryReport.table(out, w, rounds, rows);
        }
        for (Summary row : rows) {
          clean &= row.clean();
        }
        all.addAll(rows);
        if (plot != null) {
          SweepPlot.write(all, plot); // after every size, so a long sweep cut short still leaves its picture
        }
      }
    }
    summary.put("store", store).put("load_average", SummaryReport.loadAverage())
        .put("results", SummaryReport.json(all));
    if (sweep == null && rounds == 1) { // the one-run keys of earlier versions
      Summary relay = SummaryReport.find(all, wires.get(0).label);
      Summary fwd = SummaryReport.find(all, "forwarder");
      summary.mergeIn(BenchReport.json(relay.rounds().get(0), fwd == null ? null : fwd.rounds().get(0)));
    }
    if (plot != null) {
      if (!json) {
        out.println("plot written to " + plot);
      }
    }
    return clean;
  }

  /** A sweep without --targets stops version 1 frames, whose size grows with the room, after room 100. */
  static List<Wire> wiresAt(int size, List<Wire> wires, boolean named) {
    if (named || size <= 100) {
      return wires;
    }
    List<Wire> here = new ArrayList<>(wires);
    here.removeIf(wire -> wire == Wire.V1 || wire == Wire.FORWARDER);
    return here;
  }

  private List<Wire> wires() {
    List<Wire> wires = new ArrayList<>();
    if (targets != null) {
      try {
        targets.forEach(t -> wires.add(Wire.parse(t.trim())));
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
    } else if (sweep != null) {
      wires.addAll(List.of(Wire.V1, Wire.V2, Wire.FORWARDER, Wire.REDIS));
    } else {
      wires.add(protocol == 2 ? Wire.V2 : Wire.V1);
      if (baseline) {
        wires.add(Wire.FORWARDER);
      }
      if (redis) {
        wires.add(Wire.REDIS);
      }
      if (sink) {
        wires.add(Wire.SINK);
      }
    }
    if (wires.contains(Wire.REDIS) && !Servers.redisInstalled()) {
      spec.commandLine().getErr().println("chatroom: redis-server is not installed; the Redis reference is skipped "
          + "(apt-get install redis-server)");
      wires.remove(Wire.REDIS);
    }
    return wires;
  }

  /** The embedded relay: defaults, a free port, and limits that the load would otherwise hit. */
  static RelayConfig embeddedRelay(int maxConnections) {
    return embeddedRelay(maxConnections, "memory");
  }

  static RelayConfig embeddedRelay(int maxConnections, String store) {
    // thousands of handshakes at once on a loaded machine may take longer than the default 10 s to join
    return RelayConfig.builder().port(0).store(store).joinTimeout(java.time.Duration.ofSeconds(60))
        .ratePerSecond(1e9).rateBurst(1_000_000)
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
