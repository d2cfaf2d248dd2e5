package dev.chatroom.bench;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.server.RelayRuntime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One relay node in a JVM of its own for {@link ClusterBench}: {@code BenchNode single [STORE]} or
 * {@code BenchNode CLUSTER_PORT MEMBER,MEMBER... [STORE]} (Hazelcast on loopback). Prints
 * {@code port N} once it listens, and stops on {@code quit} or end of input.
 */
public final class BenchNode {
  private BenchNode() {}

  public static void main(String[] args) throws Exception {
    RelayConfig.Builder config = BenchCommand.embeddedRelay(20_000).toBuilder();
    int storeArg = args[0].equals("single") ? 1 : 2; // the store, optional, comes last
    if (args.length > storeArg) {
      config.store(args[storeArg]);
    }
    if (!args[0].equals("single")) {
      List<String> members = Arrays.asList(args[1].split(","));
      config.cluster(new RelayConfig.Cluster(true, "127.0.0.1", Integer.parseInt(args[0]), members, null));
    }
    RelayRuntime relay = RelayRuntime.start(config.build());
    System.out.println("port " + relay.relay().port());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null && !line.equals("quit")) {
      // nothing else to answer
    }
    relay.stop(10);
    System.exit(0);
  }
}
