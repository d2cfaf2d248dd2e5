package dev.chatroom.cli;

import dev.chatroom.bench.BenchCommand;
import dev.chatroom.ops.LogFormat;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code chatroom} command: exit 0 on success, 1 with a one-line error, 2 on bad usage. */
@Command(name = "chatroom", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "End-to-end encrypted chat for the terminal, with a clusterable relay.",
    subcommands = {RelayCommand.class, ChatCommand.class, KeygenCommand.class, FingerprintCommand.class,
        TlsSelfSignCommand.class, ClusterCaCommand.class, BenchCommand.class, AdminCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;

  @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
      description = "Log debug detail and show stack traces.")
  boolean verbose;

  @Option(names = "--log-format", scope = CommandLine.ScopeType.INHERIT, paramLabel = "text|json",
      description = "Log line format (default: text; the relay also reads its log_format setting).")
  String logFormat; // the relay passes it on as a flag setting; others act on it in configureLogging

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int run(String... args) {
    configureLogging(args);
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setOut(new PrintWriter(System.out, true));
    cli.setErr(new PrintWriter(System.err, true));
    return cli;
  }

  /** Logback reads these when the first logger is made, so set them before any command runs. */
  private static void configureLogging(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("-v") || args[i].equals("--verbose")) {
        System.setProperty("chatroom.log.level", "DEBUG");
      } else if (args[i].equals("--log-format") && i + 1 < args.length) {
        LogFormat.select(args[i + 1]);
      } else if (args[i].startsWith("--log-format=")) {
        LogFormat.select(args[i].substring("--log-format=".length()));
      }
    }
    String envFormat = System.getenv("CHATROOM_LOG_FORMAT");
    if (System.getProperty("chatroom.log.appender") == null && "json".equalsIgnoreCase(envFormat)) {
      LogFormat.select("json");
    }
  }
}
