package dev.chatroom.relay;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import dev.chatroom.config.RelayConfig;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The Hazelcast config of one relay node: conf/cluster.xml (built into the jar) or the file in
 * {@code cluster.config}, then this node's port, interface and member list on top.
 */
public final class HazelcastSetup {
  static final String BUILT_IN = "/dev/chatroom/relay/cluster.xml";

  private HazelcastSetup() {}

  public static Config build(RelayConfig.Cluster cluster) throws IOException {
    Config config = load(cluster.configFile());
    String address = resolve(cluster.host());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.setReuseAddress(true); // a restarted node takes its port back at once
    // bind to the given interface only and announce it, so members reach the right address
    network.getInterfaces().setEnabled(true).clear().addInterface(address);
    config.setProperty("hazelcast.socket.bind.any", "false");
    if (!cluster.members().isEmpty()) {
      JoinConfig join = network.getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    } else if (network.getJoin().getTcpIpConfig().isEnabled() && network.getJoin().getTcpIpConfig().getMembers().isEmpty()) {
      network.getJoin().getTcpIpConfig().addMember(address + ":" + cluster.port()); // a cluster of one, for now
    }
    if (config.getProperty("hazelcast.phone.home.enabled") == null) {
      config.setProperty("hazelcast.phone.home.enabled", "false");
    }
    return config;
  }

  private static Config load(String file) throws IOException {
    if (file != null) {
      return Config.loadFromFile(new File(file));
    }
    try (InputStream in = HazelcastSetup.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IOException("the built-in cluster.xml is missing from the jar");
      }
      return new XmlConfigBuilder(in).build();
    }
  }

  private static String resolve(String host) throws UnknownHostException {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new UnknownHostException("cluster host '" + host + "' does not resolve to an address");
    }
  }
}
