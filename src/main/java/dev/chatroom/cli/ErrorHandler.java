package dev.chatroom.cli;

import picocli.CommandLine;

/** Prints a failure as one sentence (a stack trace only with -v) and picks the exit code. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    boolean verbose = parsed.hasMatchedOption("-v") || parsed.subcommand() != null && hasVerbose(parsed);
    if (verbose) {
      e.printStackTrace(cli.getErr());
    }
    if (e instanceof UsageError) {
      cli.getErr().println("chatroom: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    cli.getErr().println("chatroom: " + message);
    return Main.EXIT_FAILURE;
  }

  private static boolean hasVerbose(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("-v")) {
        return true;
      }
    }
    return false;
  }

  /** A bad value on the command line or in the configuration: exit code 2. */
  static final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    UsageError(String message) { super(message, null, false, false); }
  }
}
