package dev.chatroom.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Loads the relay config. Precedence, lowest first: built-in defaults, the config file,
 * {@code CHATROOM_*} environment variables, {@code chatroom.*} system properties, command-line flags.
 * Blocks the calling thread, so call it at startup and never on an event loop.
 */
public final class RelayConfigLoader {
  /** Used when no file is named; unlike a named file, it may be missing. */
  public static final Path DEFAULT_FILE = Path.of("conf", "relay.json");

  /** The config plus one sentence per ignored setting, for the caller to log. */
  public record Loaded(RelayConfig config, List<String> warnings) {
    public Loaded { warnings = List.copyOf(warnings); }
  }

  private RelayConfigLoader() {}

  /** Reads the real environment and system properties. */
  public static Loaded load(Vertx vertx, Path fileOrNull, JsonObject flags) throws ConfigException {
    return load(vertx, fileOrNull, System.getenv(), System.getProperties(), flags);
  }

  /**
   * @param fileOrNull the file the user named, or null for {@link #DEFAULT_FILE} if it exists
   * @param flags overrides from the CLI, nested like the file ({@code {"admin":{"port":9090}}}) or
   *     dotted ({@code {"admin.port":9090}}); null values mean "flag not given"
   */
  public static Loaded load(Vertx vertx, Path fileOrNull, Map<String, String> env, Properties sys,
      JsonObject flags) throws ConfigException {
    return load(vertx, fileOrNull, DEFAULT_FILE, env, sys, flags);
  }

  /** {@code defaultFile} stands in for {@link #DEFAULT_FILE} so tests need not change directory. */
  static Loaded load(Vertx vertx, Path fileOrNull, Path defaultFile, Map<String, String> env, Properties sys,
      JsonObject flags) throws ConfigException {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("RelayConfigLoader.load blocks; call it before deploying, not on an event loop");
    }
    List<String> warnings = new ArrayList<>();
    Path file = fileOrNull != null ? fileOrNull : defaultFile;
    JsonObject read = ConfigFile.read(file, fileOrNull != null);
    JsonObject fromFile = read == null ? null : Sources.expandDotted(read, false);
    if (fromFile != null) Sources.warnUnknownKeys(fromFile, "Config file " + file, warnings);
    JsonObject fromEnv = Sources.fromEnv(env, warnings);
    JsonObject fromSys = Sources.fromSystemProperties(sys, warnings);
    JsonObject fromFlags = Sources.fromFlags(flags);
    Sources.warnUnknownKeys(fromFlags, "The command-line flags", warnings);

    JsonObject merged = merge(vertx, toJson(RelayConfig.defaults()), fromFile, fromEnv, fromSys, fromFlags);
    Function<String, String> originOf = path -> {
      if (Sources.contains(fromFlags, path)) return "from command-line flags";
      var setting = Setting.byPath(path);
      if (Sources.contains(fromSys, path)) return "from system property " + setting.map(Setting::sysName).orElse(path);
      if (Sources.contains(fromEnv, path)) return "from environment variable " + setting.map(Setting::envName).orElse(path);
      if (fromFile != null && Sources.contains(fromFile, path)) return "from " + file;
      return "built-in default";
    };
    return new Loaded(new ConfigValidator(merged, originOf).validate(), warnings);
  }

  /** vertx-config deep-merges the stores in order, later ones winning. */
  private static JsonObject merge(Vertx vertx, JsonObject... layers) throws ConfigException {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setIncludeDefaultStores(false)
        .setScanPeriod(0); // read once at startup; no periodic rescans
    for (JsonObject layer : layers) {
      if (layer != null) options.addStore(new ConfigStoreOptions().setType("json").setConfig(layer));
    }
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    try {
      return retriever.getConfig().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new ConfigException("The configuration could not be merged: " + e.getCause().getMessage() + ".", e);
    } catch (TimeoutException e) {
      throw new ConfigException("The configuration could not be merged within 30 seconds.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("Loading the configuration was interrupted.", e);
    } finally {
      retriever.close();
    }
  }

  /** The config in the file's shape; the defaults layer, and handy for printing the effective config. */
  public static JsonObject toJson(RelayConfig c) {
    return new JsonObject()
        .put("host", c.host())
        .put("port", c.port())
        .put("max_frame_bytes", c.maxFrameBytes())
        .put("max_connections", c.maxConnections())
        .put("rate_per_second", c.ratePerSecond())
        .put("rate_burst", c.rateBurst())
        .put("bad_frame_limit", c.badFrameLimit())
        .put("bad_frame_window_seconds", seconds(c.badFrameWindow()))
        .put("idle_timeout_seconds", seconds(c.idleTimeout()))
        .put("max_write_queue_bytes", c.maxWriteQueueBytes())
        .put("pre_join_max_frame_bytes", c.preJoinMaxFrameBytes())
        .put("join_timeout_seconds", seconds(c.joinTimeout()))
        .put("max_connections_per_address", c.maxConnectionsPerAddress())
        .put("connect_rate_per_second", c.connectRatePerSecond())
        .put("connect_rate_burst", c.connectRateBurst())
        .put("output_budget_bytes", c.outputBudgetBytes())
        .put("tls", new JsonObject().put("cert", c.tls().certFile()).put("key", c.tls().keyFile()))
        .put("admin", new JsonObject().put("host", c.admin().host()).put("port", c.admin().port()))
        .put("cluster", new JsonObject()
            .put("enabled", c.cluster().enabled())
            .put("host", c.cluster().host())
            .put("port", c.cluster().port())
            .put("members", new JsonArray(new ArrayList<>(c.cluster().members())))
            .put("config", c.cluster().configFile())
            .put("tls_cert", c.cluster().tls().certFile())
            .put("tls_key", c.cluster().tls().keyFile())
            .put("tls_ca", c.cluster().tls().caFile()))
        .put("log_format", c.logFormat())
        .put("store", c.stored().store())
        .put("registration_expiry_days", c.stored().registrationExpiryDays())
        .put("member_expiry_days", c.stored().memberExpiryDays())
        .put("max_rooms_per_member", c.stored().maxRoomsPerMember())
        .put("max_room_members", c.stored().maxRoomMembers())
        .put("history", new JsonObject()
            .put("max_frames_per_room", c.stored().historyMaxFramesPerRoom())
            .put("max_age_days", c.stored().historyMaxAgeDays()));
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
