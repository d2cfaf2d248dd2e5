package dev.chatroom.client;

import dev.chatroom.crypto.Fingerprint;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What {@link ChatClient} asks of a protocol version: version 1 ({@link V1Client}) or 2 ({@link V2Client}). */
sealed interface ClientCore extends ChatSession.Listener permits V1Client, V2Client {
  void start();

  String nick();

  /** The current room: where plain lines and commands go. */
  String room();

  /** Our rooms, sorted (version 1: the one room). */
  List<String> rooms();

  boolean focus(String room);

  boolean ready();

  Fingerprint fingerprint();

  /** The current room's members. */
  Roster roster();

  CompletableFuture<String> fatal();

  /** The exit code for {@link #fatal}: 2 when the user must change how the client is run. */
  int fatalExitCode();

  /** {@code room} null means the current room at the moment of the call. */
  boolean submit(String room, String line) throws InterruptedException;

  CompletableFuture<Boolean> drain(long timeoutMs);

  CompletableFuture<Integer> stop();
}
