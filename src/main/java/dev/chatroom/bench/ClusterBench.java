package dev.chatroom.bench;

import dev.chatroom.crypto.Identity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code chatroom bench --cluster}: the same workload first against one relay node, then with
 * the senders on node A and every receiver on node B of a two-node Hazelcast cluster. Every
 * node is a JVM of its own with the same flags, so the two figures compare like with like.
 */
final class ClusterBench {
  private ClusterBench() {}

  /** Returns {single, cluster}, version 1 on memory stores. */
  static BenchResult[] run(Workload w, Identity identity) throws Exception {
    return run(w, identity, 1, "memory");
  }

  /**
   * Returns {single, cluster}. With protocol 2 every node uses {@code store}: a postgresql://
   * one makes the two nodes share it (version 2 across nodes needs that; docs/CLUSTER.md).
   */
  static BenchResult[] run(Workload w, Identity identity, int protocol, String store) throws Exception {
    Wire wire = protocol == 2 ? Wire.V2 : Wire.V1;
    BenchResult single;
    try (ChildServer node = Node.start("single", store)) {
      InetSocketAddress at = node.address();
      single = new LoadGenerator(w, identity, at, at, wire, roster(wire, "single")).run("single");
    }
    int portA = freePort();
    int portB = freePort();
    String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
    try (ChildServer a = Node.start(String.valueOf(portA), members, store)) {
      InetSocketAddress senders = a.address(); // A first, so B joins it rather than forming a cluster of its own
      try (ChildServer b = Node.start(String.valueOf(portB), members, store)) {
        return new BenchResult[] {single,
            new LoadGenerator(w, identity, senders, b.address(), wire, roster(wire, "cluster")).run("cluster")};
      }
    }
  }

  /** Version 2 members are registered in the store: each run gets nicks and a room of its own. */
  private static Roster roster(Wire wire, String run) {
    return wire == Wire.V2 ? Roster.tagged(run + Long.toString(System.nanoTime(), 36)) : Roster.V1;
  }

  static int freePort() throws IOException { return ChildServer.freePort(); }

  private static final class Node {
    static ChildServer start(String... args) throws IOException {
      return ChildServer.jvm("relay node", List.of(), BenchNode.class, args);
    }
  }
}
