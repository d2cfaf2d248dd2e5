package dev.chatroom.client;

import java.util.ArrayList;
import java.util.List;

/** One relay to try: {@code host:port}, or {@code [v6]:port}. */
public record ServerAddress(String host, int port) {

  /** Parses {@code HOST:PORT[,HOST:PORT...]}; the message of the exception is one sentence. */
  public static List<ServerAddress> parseList(String text) {
    List<ServerAddress> out = new ArrayList<>();
    for (String part : text.split(",")) {
      out.add(parse(part.strip()));
    }
    return List.copyOf(out);
  }

  public static ServerAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("server '" + text + "' must be HOST:PORT");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535 || host.isEmpty()) {
      throw new IllegalArgumentException("server '" + text + "' must be HOST:PORT with a port from 1 to 65535");
    }
    return new ServerAddress(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
