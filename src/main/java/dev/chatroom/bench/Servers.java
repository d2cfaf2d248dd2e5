package dev.chatroom.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The servers of a bench invocation, each in a process of its own, started on first use and
 * kept for every round: the relay ({@code BenchServer relay STORE}, serving both versions, or
 * {@code --server}), a relay per other store compared (v2-sqlite, v2-postgres), the forwarder,
 * the sink, and redis-server when it is installed.
 */
final class Servers implements AutoCloseable {
  private final String store;
  private final String postgres;
  private final InetSocketAddress externalRelay;
  private final List<String> relayJvmFlags;
  private final Map<Wire, ChildServer> children = new EnumMap<>(Wire.class);
  private ChildServer relay;
  private Path sqliteFolder;

  Servers(String store, String postgres, InetSocketAddress externalRelay, List<String> relayJvmFlags) {
    this.store = store;
    this.postgres = postgres;
    this.externalRelay = externalRelay;
    this.relayJvmFlags = relayJvmFlags;
  }

  static boolean redisInstalled() { return ChildServer.redisBinary() != null; }

  InetSocketAddress address(Wire wire) throws IOException {
    if (isRelay(wire) && externalRelay != null) {
      return externalRelay;
    }
    return child(wire).address();
  }

  /** The process to charge CPU to; null for an external relay. */
  ProcessHandle process(Wire wire) throws IOException {
    ChildServer c = ownChild(wire);
    return c == null ? null : c.handle();
  }

  /** A mark in the server's notable log lines (0 with --server, whose log is not ours). */
  int notableMark(Wire wire) throws IOException {
    ChildServer c = ownChild(wire);
    return c == null ? 0 : c.notableCount();
  }

  /** Up to five of the server's warnings and self-ended connections since {@code mark}. */
  List<String> notableSince(Wire wire, int mark) throws IOException {
    ChildServer c = ownChild(wire);
    return c == null ? List.of() : c.notableSince(mark, 5);
  }

  /** The relay child, e.g. to ask for its heap; null with --server. */
  ChildServer relayChild() throws IOException {
    return ownChild(Wire.V1);
  }

  /** The child serving {@code wire}, started if need be; null for a relay given by --server. */
  private ChildServer ownChild(Wire wire) throws IOException {
    return isRelay(wire) && externalRelay != null ? null : child(wire);
  }

  private static boolean isRelay(Wire wire) { return wire == Wire.V1 || wire == Wire.V2; }

  private ChildServer child(Wire wire) throws IOException {
    if (isRelay(wire)) {
      if (relay == null) {
        relay = ChildServer.jvm("relay", relayJvmFlags, BenchServer.class, "relay", store);
      }
      return relay;
    }
    ChildServer c = children.get(wire);
    if (c == null) {
      c = switch (wire) {
        case FORWARDER -> ChildServer.jvm("forwarder", List.of(), BenchServer.class, "forwarder");
        case SINK -> ChildServer.jvm("sink", List.of(), BenchServer.class, "sink");
        case V2_SQLITE -> {
          sqliteFolder = Files.createTempDirectory("chatroom-bench");
          yield ChildServer.jvm("relay-sqlite", relayJvmFlags, BenchServer.class, "relay",
              "sqlite:" + sqliteFolder.resolve("store.db"));
        }
        case V2_POSTGRES -> ChildServer.jvm("relay-postgres", relayJvmFlags, BenchServer.class, "relay", postgres);
        case REDIS -> {
          ChildServer r = ChildServer.redis();
          if (r == null) {
            throw new IOException("redis-server is not installed");
          }
          yield r;
        }
        default -> throw new IllegalStateException(wire.toString());
      };
      children.put(wire, c);
    }
    return c;
  }

  @Override
  public void close() throws InterruptedException {
    if (relay != null) {
      relay.close();
    }
    for (ChildServer c : children.values()) {
      c.close();
    }
    if (sqliteFolder != null) {
      try (var files = Files.walk(sqliteFolder)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        System.err.println("chatroom: could not remove " + sqliteFolder + ": " + e.getMessage());
      }
    }
  }
}
