package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.tls.ClusterCa;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Three version 2 relay JVMs on one fresh PostgreSQL database (CHATROOM_TEST_PG; the caller's
 * tests are skipped without it), their event bus mutual TLS under one cluster CA, as a real
 * cluster runs. Each node has an admin port for its metrics. A node a test killed or stopped
 * is started again by {@link #closePeersAndRestartStopped}, so every test finds three nodes.
 */
final class V2ClusterNodes implements AutoCloseable {
  private static final Pattern NODE_ID = Pattern.compile("version 2 across the cluster on the shared store; this is node (\\S+)");

  private final ChildRelay[] nodes = new ChildRelay[3];
  private final int[] clusterPorts = new int[3];
  private final int[] adminPorts = new int[3];
  private final List<V2Peer> peers = new ArrayList<>();
  private final Path dir;
  private final String store;
  private final String config;
  private String members;
  private int restarts;

  private V2ClusterNodes(Path dir, String store, String config) {
    this.dir = dir;
    this.store = store;
    this.config = config;
  }

  /** Starts the three nodes in {@code dir} (certificates, config); skips the test without PostgreSQL. */
  static V2ClusterNodes start(Path dir) throws Exception {
    String pg = System.getenv("CHATROOM_TEST_PG");
    Assumptions.assumeTrue(pg != null && !pg.isBlank(), "CHATROOM_TEST_PG names no PostgreSQL server (.ci/with-postgres)");
    // a busy room: the flood tests send ~400 frames a second, above the default rate limit
    String config = Files.writeString(dir.resolve("relay.json"), "{\"rate_per_second\": 1000, \"rate_burst\": 2000}").toString();
    V2ClusterNodes c = new V2ClusterNodes(dir, PgDatabases.fresh(pg, "chatroom_cluster"), config);
    ClusterCa ca = ClusterCa.generate("version 2 cluster test CA");
    List<String> list = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ca.issue("127.0.0.1", 30, dir.resolve("node" + i));
      c.clusterPorts[i] = ChildRelay.freePort();
      c.adminPorts[i] = ChildRelay.freePort();
      list.add("127.0.0.1:" + c.clusterPorts[i]);
    }
    c.members = String.join(",", list);
    try {
      c.nodes[0] = c.launch(0);
      c.nodes[0].port(); // the first node becomes master; the others join it
      c.nodes[1] = c.launch(1);
      c.nodes[2] = c.launch(2);
      c.nodes[1].port();
      c.nodes[2].port();
      return c;
    } catch (Throwable e) {
      c.close(); // no node outlives a start that failed (or timed out)
      throw e;
    }
  }

  ChildRelay node(int index) { return nodes[index]; }

  V2Peer peer(int node, String nick) throws Exception {
    V2Peer p = new V2Peer(nodes[node].port(), nick);
    peers.add(p);
    return p;
  }

  void closePeersAndRestartStopped() throws Exception {
    for (V2Peer p : peers) {
      p.close();
    }
    peers.clear();
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] != null && !nodes[i].alive()) {
        System.out.println("---- " + nodes[i].name + "\n" + nodes[i].output());
        restart(i);
      }
    }
    for (ChildRelay n : nodes) {
      n.port();
    }
  }

  /**
   * Starts node {@code index} again and waits until it listens. Its Hazelcast port was free when
   * the test began, but while the node was down any process's outgoing connection may have taken
   * it: then the node gets a new port (the others learn it when it joins them).
   */
  void restart(int index) throws Exception {
    ChildRelay n = launch(index);
    try {
      n.port();
    } catch (Exception | AssertionError e) {
      if (!n.output().contains("already in use")) {
        throw e;
      }
      n.close();
      clusterPorts[index] = ChildRelay.freePort();
      adminPorts[index] = ChildRelay.freePort();
      List<String> list = new ArrayList<>();
      for (int p : clusterPorts) {
        list.add("127.0.0.1:" + p);
      }
      members = String.join(",", list);
      n = launch(index);
      n.port();
    }
    nodes[index] = n;
  }

  private ChildRelay launch(int index) throws Exception {
    String name = "v2node" + (index + 1) + (restarts++ < 3 ? "" : "-restart" + restarts);
    List<String> flags = new ArrayList<>(List.of(ChildRelay.tlsFlags(dir.resolve("node" + index))));
    flags.addAll(List.of("--config", config, "--admin-port", String.valueOf(adminPorts[index])));
    return ChildRelay.clustered(name, clusterPorts[index], members, store, flags.toArray(String[]::new));
  }

  /** The node ids the relays logged, by index. */
  String[] nodeIds() throws Exception {
    String[] ids = new String[3];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (int i = 0; i < 3; i++) {
      while (ids[i] == null) {
        Matcher m = NODE_ID.matcher(nodes[i].output());
        String last = null;
        while (m.find()) {
          last = m.group(1);
        }
        ids[i] = last;
        if (ids[i] == null) {
          assertTrue(System.nanoTime() < deadline, nodes[i].name + " never logged its node id");
          Thread.sleep(50);
        }
      }
    }
    return ids;
  }

  /** A counter from node {@code index}'s /metrics, by its Prometheus name (e.g. chatroom_bus_batches_in_total). */
  double counter(int index, String name) throws Exception {
    HttpResponse<String> r = AdminHttp.get(adminPorts[index], "/metrics");
    for (String line : r.body().split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no " + name + " in the metrics of " + nodes[index].name + ":\n" + r.body());
  }

  @Override
  public void close() throws Exception {
    for (ChildRelay n : nodes) {
      if (n != null) {
        n.close();
        System.out.println("---- " + n.name + "\n" + n.output());
      }
    }
  }
}
