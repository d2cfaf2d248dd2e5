package dev.chatroom.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** The {@code store} setting's grammar; every message it throws is one sentence without the password. */
final class StoreSetting {
  private StoreSetting() {}

  /** Parses {@code sqlite:PATH} or {@code postgresql://user[:password]@host[:port]/db}. */
  static StoreLocation parse(String setting) throws StoreException {
    if (setting == null || setting.isBlank()) {
      throw new StoreException("store is empty; use sqlite:PATH or postgresql://user@host:port/db");
    }
    String s = setting.strip();
    if (s.equals("memory")) {
      return new StoreLocation.Memory();
    }
    if (s.startsWith("sqlite:")) {
      return sqlite(s.substring("sqlite:".length()));
    }
    if (s.startsWith("postgresql://") || s.startsWith("postgres://")) {
      return postgres(s);
    }
    throw new StoreException("store " + redact(s)
        + " is neither sqlite:PATH nor postgresql://user[:password]@host:port/db");
  }

  private static StoreLocation sqlite(String path) throws StoreException {
    if (path.isBlank() || path.startsWith(":") || path.indexOf('\0') >= 0) {
      throw new StoreException("store sqlite:" + path + " needs a file path, such as sqlite:data/chatroom.db");
    }
    try {
      return new StoreLocation.Sqlite(Path.of(path));
    } catch (InvalidPathException e) {
      throw new StoreException("store sqlite:" + path + " is not a valid file path");
    }
  }

  private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_.-]{1,63}");

  private static StoreLocation postgres(String s) throws StoreException {
    String shown = redact(s);
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new StoreException("store " + shown + " is not a valid postgresql://user[:password]@host:port/db address");
    }
    String userInfo = uri.getRawUserInfo();
    if (uri.getHost() == null || userInfo == null || userInfo.isEmpty() || userInfo.startsWith(":")) {
      throw new StoreException("store " + shown + " needs a user and a host: postgresql://user[:password]@host:port/db");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new StoreException("store " + shown + " has options after the database name; none are supported");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String database = path.startsWith("/") ? decode(path.substring(1)) : "";
    if (!DATABASE.matcher(database).matches()) {
      throw new StoreException("store " + shown + " needs a database name after the host, such as /chatroom");
    }
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    if (port < 1 || port > 65_535) {
      throw new StoreException("store " + shown + " has port " + port + "; a port is 1 to 65535");
    }
    return new StoreLocation.Postgres(user, password, uri.getHost(), port, database);
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The setting with any password replaced by ***, fit for messages and logs. */
  static String redact(String setting) {
    int scheme = setting.indexOf("://");
    int at = setting.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return setting;
    }
    int colon = setting.indexOf(':', scheme + 3);
    return colon < 0 || colon > at ? setting : setting.substring(0, colon + 1) + "***" + setting.substring(at);
  }
}
