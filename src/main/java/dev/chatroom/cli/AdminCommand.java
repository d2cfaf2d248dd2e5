package dev.chatroom.cli;

import dev.chatroom.config.RelayConfig;
import dev.chatroom.store.RelayStore;
import dev.chatroom.store.Retention;
import dev.chatroom.store.RoomStats;
import dev.chatroom.store.StoreException;
import dev.chatroom.store.StoreLocation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Operator commands against the relay's store (the same settings as {@code chatroom relay}). */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = "Operator commands on the relay's store (registrations, rooms, retention).",
    subcommands = {AdminCommand.Rooms.class, AdminCommand.Unregister.class, AdminCommand.Prune.class})
final class AdminCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code --config} and {@code --store}, read exactly as {@code chatroom relay} reads them. */
  static final class StoreOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: conf/relay.json if present).")
    Path config;

    @Option(names = "--store", paramLabel = "STORE", description = "sqlite:PATH or postgresql://user@host:port/db.")
    String store;

    RelayConfig load() throws Exception {
      return RelayCommand.loadConfig(config, new JsonObject().put("store", store));
    }

    /** Opens the store, runs {@code work} on it and closes it; store failures are one sentence. */
    <T> T with(Function<RelayStore, Future<T>> work) throws Exception {
      RelayConfig cfg = load();
      Vertx vertx = Vertx.vertx();
      try {
        RelayStore store = RelayStore.open(vertx, StoreLocation.parse(cfg.stored().store()))
            .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        try {
          return work.apply(store).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        } finally {
          store.closeAsync().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof StoreException) {
          throw new ErrorHandler.UsageError(cause.getMessage());
        }
        throw new Exception(cause == null ? e.getMessage() : cause.getMessage(), cause);
      } catch (StoreException e) {
        throw new ErrorHandler.UsageError(e.getMessage());
      } finally {
        vertx.close();
      }
    }
  }

  @Command(name = "rooms", mixinStandardHelpOptions = true,
      description = "List rooms with their members (online or not), stored frames and highest seq.")
  static final class Rooms implements Callable<Integer> {
    @Mixin StoreOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      List<RoomStats> rooms = options.with(store -> all(store, "", new java.util.ArrayList<>()));
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-32s %8s %8s %10s %12s%n", "ROOM", "MEMBERS", "FRAMES", "SEQ", "BYTES");
      for (RoomStats r : rooms) {
        out.printf("%-32s %8d %8d %10d %12d%n", r.room(), r.members(), r.frames(), r.maxSeq(), r.bytes());
      }
      out.flush();
      return Main.EXIT_OK;
    }

    private static Future<List<RoomStats>> all(RelayStore store, String after, List<RoomStats> out) {
      return store.rooms(after, RelayStore.MAX_PAGE).compose(page -> {
        out.addAll(page);
        return page.size() < RelayStore.MAX_PAGE ? Future.succeededFuture(out)
            : all(store, page.get(page.size() - 1).room(), out);
      });
    }
  }

  @Command(name = "unregister", mixinStandardHelpOptions = true,
      description = "Remove a nick's registration and memberships (its owner lost their keys). "
          + "Run it while the relay is stopped, or the relay forgets it at its next restart.")
  static final class Unregister implements Callable<Integer> {
    @Mixin StoreOptions options;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NICK", description = "The registered nick.")
    String nick;

    @Override
    public Integer call() throws Exception {
      if (!dev.chatroom.protocol.Names.isValidNick(nick)) {
        throw new ErrorHandler.UsageError("'" + nick + "' is not a valid nick.");
      }
      boolean removed = options.with(store -> store.removeRegistration(nick));
      if (!removed) {
        throw new Exception("nick '" + nick + "' is not registered");
      }
      spec.commandLine().getOut().println("removed the registration of " + nick + " and its memberships");
      spec.commandLine().getOut().flush();
      return Main.EXIT_OK;
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = "Apply the retention settings (history.max_frames_per_room, history.max_age_days) now.")
  static final class Prune implements Callable<Integer> {
    @Mixin StoreOptions options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      RelayConfig.Stored s = options.load().stored();
      Retention retention = new Retention(s.historyMaxFramesPerRoom(), Duration.ofDays(s.historyMaxAgeDays()));
      long deleted = options.with(store -> store.prune(retention, System.currentTimeMillis()));
      spec.commandLine().getOut().println("pruned " + deleted + " stored frames");
      spec.commandLine().getOut().flush();
      return Main.EXIT_OK;
    }
  }
}
