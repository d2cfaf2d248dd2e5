package dev.chatroom.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The contract for scripts and bots: lines from stdin are typed lines; at end of input (or
 * /quit) wait up to 10 s for every message to be acked, send quit, exit. Exit 0 when all was
 * delivered, 1 when a line could not be sent (each reported on stderr) or the relay refused us.
 */
public final class PipeMode {
  public static final long DRAIN_MS = 10_000;

  private PipeMode() {}

  public static int run(ChatClient client, InputStream stdin, Output out)
      throws InterruptedException, ExecutionException {
    CompletableFuture<Void> inputDone = new CompletableFuture<>();
    // A daemon thread: a blocked stdin read must not keep the process alive after a fatal error.
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null && client.submit(line)) {
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
      return 1;
    }
    Object drained = CompletableFuture.anyOf(client.drain(DRAIN_MS), client.fatal()).get();
    if (drained instanceof String fatal) {
      out.warn(fatal);
      client.stop().get();
      return 1;
    }
    if (!(Boolean) drained) {
      out.warn("gave up waiting for the relay after " + DRAIN_MS / 1000 + " s");
    }
    int unsent = client.stop().get();
    return unsent == 0 ? 0 : 1;
  }
}
