package dev.chatroom.client;

import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageOpener;
import dev.chatroom.crypto.OutboxStore;
import dev.chatroom.crypto.SeqStore;
import dev.chatroom.crypto.TrustStore;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The chat client both modes (terminal and pipe) drive, whatever the protocol version: lines
 * come in from any thread ({@link #submit}); everything else runs on the session's event loop.
 * Version 2 ({@link V2Client}, the default) is in many rooms at once, with a current one that
 * plain lines and commands act on ({@link #focus}); version 1 ({@link V1Client}) is in one.
 */
public final class ChatClient {
  public static final int QUEUE_LIMIT = 1_000;

  private final ClientCore core;

  private ChatClient(ClientCore core) {
    this.core = core;
  }

  /** Version 1, exactly as before version 2 existed: one room, live delivery only. */
  public ChatClient(Vertx vertx, ChatSession session, Identity me, String nick, String room,
                    TrustStore trust, MessageOpener opener, Output out, boolean bell) {
    this(new V1Client(vertx, session, me, nick, room, trust, opener, out, bell));
  }

  /**
   * Version 2: joins each of {@code rooms} it is not yet a member of; the first is the current
   * room. With none it stays in the rooms it is a member of, or joins lobby if there are none. {@code seqs} holds the highest seq processed per room (sent as {@code since});
   * {@code unacked} the frames not yet acked, resent first (the last run's) and kept across a restart;
   * {@code groups} the sender keys (PROTOCOL.md section 12).
   */
  public static ChatClient v2(Vertx vertx, ChatSession session, Identity me, String nick, List<String> rooms,
                              TrustStore trust, MessageOpener opener, SeqStore seqs, OutboxStore unacked,
                              GroupKeys groups, Output out, boolean bell) {
    return new ChatClient(new V2Client(vertx, session, me, nick, rooms, trust, opener, seqs, unacked, groups, out, bell));
  }

  public void start() { core.start(); }

  public String nick() { return core.nick(); }

  /** The current room. */
  public String room() { return core.room(); }

  /** The rooms we are a member of, sorted; safe from any thread. */
  public List<String> rooms() { return core.rooms(); }

  /**
   * Makes {@code room} the current room (the UI calls it when a window gets the focus); false,
   * and nothing changes, when we are not a member of it. Safe from any thread.
   */
  public boolean focus(String room) { return core.focus(room); }

  public boolean ready() { return core.ready(); }

  public Fingerprint fingerprint() { return core.fingerprint(); }

  /** The current room's members (Tab completion reads its nicks from any thread). */
  public Roster roster() { return core.roster(); }

  /** Completes with one sentence when the relay refuses us for good (bad nick, taken nick...). */
  public CompletableFuture<String> fatal() { return core.fatal(); }

  /** The exit code that goes with {@link #fatal}: 2 when the user must run the client differently. */
  public int fatalExitCode() { return core.fatalExitCode(); }

  /**
   * Takes one typed line for the current room from any thread; false when it was /quit. While
   * connected a full queue makes the caller wait (a script cannot outrun the relay); while
   * offline it is reported.
   */
  public boolean submit(String line) throws InterruptedException { return core.submit(null, line); }

  /** As {@link #submit(String)}, for {@code room} (a window's room, or a bot's JSON command). */
  public boolean submit(String room, String line) throws InterruptedException { return core.submit(room, line); }

  /** Completes true once every line is sent and acked, false after {@code timeoutMs}. */
  public CompletableFuture<Boolean> drain(long timeoutMs) { return core.drain(timeoutMs); }

  /** Reports every line that did not make it, sends quit and closes. */
  public CompletableFuture<Integer> stop() { return core.stop(); }
}
