package dev.chatroom.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The contract for scripts and bots: lines from stdin are typed lines (with {@code --json}, a
 * line starting with {@code {} is a JSON command, {@link JsonCommands}); at end of input (or
 * /quit) wait up to 10 s for every message to be acked, send quit, exit. Exit 0 when all was
 * delivered, 1 when a line could not be sent (each reported on stderr) or the relay refused us,
 * 2 when it refused us for a reason only a different command line fixes (e.g. --protocol 1).
 */
public final class PipeMode {
  // 10 s; tests whose relay is gone for good wait less (not a setting: chatroom.client.* is read nowhere else)
  public static final long DRAIN_MS = Math.max(1, Long.getLong("chatroom.client.drain_ms", 10_000)); // a timer needs 1 ms or more

  private PipeMode() {}

  public static int run(ChatClient client, InputStream stdin, Output out)
      throws InterruptedException, ExecutionException {
    return run(client, stdin, out, false);
  }

  public static int run(ChatClient client, InputStream stdin, Output out, boolean json)
      throws InterruptedException, ExecutionException {
    CompletableFuture<Void> inputDone = new CompletableFuture<>();
    // A daemon thread: a blocked stdin read must not keep the process alive after a fatal error.
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null && submit(client, line, json, out)) {
          // submitted
        }
      } catch (IOException e) {
        out.warn("stdin: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inputDone.complete(null);
    }, "chat-stdin");
    reader.setDaemon(true);
    client.start();
    reader.start();
    Object first = CompletableFuture.anyOf(inputDone, client.fatal()).get();
    if (first instanceof String fatal) {
      out.warn(fatal);
      client.stop().get();
      return client.fatalExitCode();
    }
    Object drained = CompletableFuture.anyOf(client.drain(DRAIN_MS), client.fatal()).get();
    if (drained instanceof String fatal) {
      out.warn(fatal);
      client.stop().get();
      return client.fatalExitCode();
    }
    if (!(Boolean) drained) {
      out.warn("gave up waiting for the relay after " + DRAIN_MS / 1000 + " s");
    }
    int unsent = client.stop().get();
    return unsent == 0 ? 0 : 1;
  }

  private static boolean submit(ChatClient client, String line, boolean json, Output out) throws InterruptedException {
    if (!json || !line.startsWith("{")) {
      return client.submit(line);
    }
    try {
      JsonCommands.Typed t = JsonCommands.parse(line);
      return client.submit(t.room(), t.line());
    } catch (IllegalArgumentException e) {
      out.warn("ignored a stdin line: " + e.getMessage());
      return true;
    }
  }
}
