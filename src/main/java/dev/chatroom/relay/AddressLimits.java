package dev.chatroom.relay;

import io.vertx.core.net.SocketAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/**
 * Per source address: how many connections are open and how fast new ones come, so that one
 * host cannot take every slot of the relay (PROTOCOL.md section 6, {@code server_full}). An IPv6
 * host usually owns a whole /64, so IPv6 addresses count per /64. Used on one event loop only.
 */
final class AddressLimits {
  private final int maxPerAddress;
  private final double ratePerSecond;
  private final int burst;
  private final Map<String, Integer> open = new HashMap<>();
  private final Map<String, TokenBucket> connects = new HashMap<>();

  AddressLimits(int maxPerAddress, double ratePerSecond, int burst) {
    this.maxPerAddress = maxPerAddress;
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
  }

  /** Why a new connection from {@code key} is refused, or null when it is admitted (and counted). */
  String admit(String key, long nowNanos) {
    TokenBucket bucket = connects.computeIfAbsent(key, k -> new TokenBucket(ratePerSecond, burst, nowNanos));
    if (open.getOrDefault(key, 0) >= maxPerAddress) {
      return "too many connections from your address (at most " + maxPerAddress + ")";
    }
    if (!bucket.tryTake(nowNanos)) {
      return "your address opens connections too fast; try again in a few seconds";
    }
    open.merge(key, 1, Integer::sum);
    return null;
  }

  /** A connection that {@link #admit} counted has ended. */
  void release(String key) {
    open.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
  }

  /** Forgets the rate of addresses that have nothing open and a full bucket again: the maps stay small. */
  void sweep(long nowNanos) {
    connects.entrySet().removeIf(e -> !open.containsKey(e.getKey()) && e.getValue().isFull(nowNanos));
  }

  int openFrom(String key) { return open.getOrDefault(key, 0); }

  /** The address a limit applies to: the IP, or for IPv6 its /64 prefix. */
  static String key(SocketAddress remote) {
    String ip = remote == null ? null : remote.hostAddress();
    if (ip == null) {
      return "unknown"; // a domain socket; the relay listens on TCP only
    }
    if (ip.indexOf(':') < 0) {
      return ip;
    }
    try {
      InetAddress address = InetAddress.getByName(ip); // a literal: no lookup
      if (address instanceof Inet6Address) {
        byte[] b = address.getAddress();
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
          prefix.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
      }
      return address.getHostAddress(); // an IPv4-mapped address counts as its IPv4 host
    } catch (UnknownHostException e) {
      return ip;
    }
  }
}
