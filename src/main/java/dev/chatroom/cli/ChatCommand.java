package dev.chatroom.cli;

import dev.chatroom.client.ChatClient;
import dev.chatroom.client.ChatHistory;
import dev.chatroom.client.ChatSession;
import dev.chatroom.client.GroupKeys;
import dev.chatroom.tls.ClientTls;
import dev.chatroom.client.Output;
import dev.chatroom.client.JsonOutput;
import dev.chatroom.client.PipeMode;
import dev.chatroom.client.PipeOutput;
import dev.chatroom.client.ServerAddress;
import dev.chatroom.client.TerminalUi;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.KeyFiles;
import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.MessageOpener;
import dev.chatroom.crypto.OutboxStore;
import dev.chatroom.crypto.ReplayStore;
import dev.chatroom.crypto.SeqStore;
import dev.chatroom.crypto.TrustStore;
import dev.chatroom.protocol.Names;
import io.vertx.core.Vertx;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "chat", mixinStandardHelpOptions = true,
    description = {"Chat in a room. Interactive on a terminal; otherwise pipe mode: lines on stdin "
        + "are sent, stdout carries one line per message, notices go to stderr."})
final class ChatCommand implements Callable<Integer> {
  @Option(names = "--server", required = true, paramLabel = "HOST:PORT[,HOST:PORT...]",
      description = "Relays to connect to, tried in turn.")
  String servers;

  @Option(names = "--nick", required = true, description = "Your nick (1-32 of A-Z a-z 0-9 _ -).")
  String nick;

  @Option(names = "--room", paramLabel = "ROOM",
      description = "Room to be in; repeat it for several (protocol 2), the first is the current room. Default: the rooms"
          + " you are a member of, or " + Names.DEFAULT_ROOM + " if none.")
  List<String> rooms = new ArrayList<>();

  @Option(names = "--protocol", defaultValue = "2", paramLabel = "1|2",
      description = "Protocol version (default: ${DEFAULT-VALUE}); 1 for relays older than version 2.")
  int protocol;

  @Option(names = "--json", description = "Pipe mode speaks JSON Lines: one object per message on stdout, per notice on stderr, JSON commands on stdin.")
  boolean json;

  @Mixin
  IdentityOptions id = new IdentityOptions();

  @Option(names = "--tls", description = "Connect with TLS, trusting the system's CAs (or --tls-ca / --tls-pin).")
  boolean useTls;

  @Option(names = "--tls-ca", paramLabel = "FILE", description = "Trust the CA certificate(s) in this PEM file (implies --tls).")
  String tlsCa;

  @Option(names = "--tls-pin", paramLabel = "sha256:HEX",
      description = "Trust exactly the certificate with this SHA-256 fingerprint (implies --tls).")
  String tlsPin;

  private ClientTls tls = ClientTls.OFF;

  @Option(names = "--no-bell", description = "No bell on private messages and mentions.")
  boolean noBell;

  @Override
  public Integer call() throws Exception {
    List<ServerAddress> addresses;
    try {
      addresses = ServerAddress.parseList(servers);
    } catch (IllegalArgumentException e) {
      throw new ErrorHandler.UsageError(e.getMessage());
    }
    try {
      tls = ClientTls.fromOptions(useTls, tlsCa, tlsPin);
    } catch (IllegalArgumentException e) {
      throw new ErrorHandler.UsageError(e.getMessage());
    }
    if (!Names.isValidNick(nick)) {
      throw new ErrorHandler.UsageError("'" + nick + "' is not a valid nick (1-32 of A-Z a-z 0-9 _ -)");
    }
    if (protocol != 1 && protocol != 2) {
      throw new ErrorHandler.UsageError("--protocol must be 1 or 2, not " + protocol);
    }
    List<String> wanted = rooms.isEmpty() ? List.of(Names.DEFAULT_ROOM) : List.copyOf(new LinkedHashSet<>(rooms));
    for (String room : wanted) {
      if (!Names.isValidRoom(room)) {
        throw new ErrorHandler.UsageError("'" + room + "' is not a valid room (1-64 of A-Z a-z 0-9 _ -)");
      }
    }
    if (protocol == 1 && wanted.size() > 1) {
      throw new ErrorHandler.UsageError("--protocol 1 is in one room at a time: give --room once (or drop --protocol 1)");
    }
    boolean interactive = System.console() != null; // Java 17: stdin and stdout are a terminal
    PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    Path dir = id.identity != null ? id.identity : IdentityOptions.defaultDir(nick, System.getenv());
    char[] passphrase = passphrase(dir);
    Identity me;
    GroupKeys opened;
    try {
      me = loadOrCreate(dir, passphrase, stderr);
      // the same passphrase seals the sender keys, which only version 2 uses
      opened = protocol == 2 ? GroupKeys.open(dir, KeyFiles.isEncrypted(dir) ? passphrase : null) : null;
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
    GroupKeys groups = opened;
    OutboxStore unacked = openOutbox(dir);
    // All save off the event loop; closing them writes what is still pending.
    try (unacked; TrustStore trust = TrustStore.open(dir); ReplayStore replays = ReplayStore.open(dir);
         SeqStore seqs = SeqStore.open(dir); GroupKeys closeGroups = groups) {
      Thread saveAtExit = new Thread(() -> saveQuietly(trust, replays, seqs, unacked, groups), "save at exit");
      Runtime.getRuntime().addShutdownHook(saveAtExit); // a SIGTERM skips the finally blocks
      Vertx vertx = Vertx.vertx();
      try {
        if (interactive) {
          TerminalUi ui = TerminalUi.open();
          return ui.run(client(vertx, addresses, me, trust, replays, seqs, unacked, groups, wanted, ui),
              ChatHistory.file(dir, KeyFiles.isEncrypted(dir)));
        }
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        Output out = json ? new JsonOutput(stdout, stderr) : new PipeOutput(stdout, stderr, wanted.size() > 1);
        return PipeMode.run(client(vertx, addresses, me, trust, replays, seqs, unacked, groups, wanted, out), System.in, out, json);
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        removeHook(saveAtExit);
      }
    }
  }

  /** A damaged outbox holds messages not yet delivered: refused with one sentence, left in place. */
  private static OutboxStore openOutbox(Path dir) throws ErrorHandler.UsageError {
    try {
      return OutboxStore.open(dir);
    } catch (CryptoException e) {
      throw new ErrorHandler.UsageError(e.getMessage());
    }
  }

  private static void saveQuietly(TrustStore trust, ReplayStore replays, SeqStore seqs, OutboxStore unacked,
                                  GroupKeys groups) {
    try {
      trust.flush();
      replays.flush();
      seqs.flush();
      unacked.flush();
      if (groups != null) {
        groups.flush();
      }
    } catch (IOException e) {
      // The process is ending and has no one left to tell.
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs, which is what we want.
    }
  }

  private ChatClient client(Vertx vertx, List<ServerAddress> addresses, Identity me, TrustStore trust,
                            ReplayStore replays, SeqStore seqs, OutboxStore unacked, GroupKeys groups,
                            List<String> wanted, Output out) {
    trust.onSaveFailure(out::warn);
    unacked.onNotice(out::warn);
    if (groups != null) {
      groups.onFailure(out::warn);
    }
    replays.onFailure(out::warn);
    seqs.onFailure(out::warn);
    ChatSession session = new ChatSession(vertx, vertx.getOrCreateContext(), addresses,
        tls, out);
    MessageOpener opener = new MessageOpener(Clock.systemUTC(), replays.guard());
    if (protocol == 1) {
      return new ChatClient(vertx, session, me, nick, wanted.get(0), trust, opener, out, !noBell);
    }
    // without --room, version 2 stays in the rooms the identity is a member of (lobby if none)
    return ChatClient.v2(vertx, session, me, nick, rooms.isEmpty() ? List.of() : wanted, trust, opener, seqs, unacked, groups, out, !noBell);
  }

  /** The identity's passphrase (its file, or asked when the identity is encrypted), or null. */
  private char[] passphrase(Path dir) throws Exception {
    if (id.passphraseFile != null) {
      return Passphrases.fromFile(id.passphraseFile);
    }
    if (KeyFiles.exists(dir) && KeyFiles.isEncrypted(dir)) {
      char[] typed = Passphrases.prompt("Passphrase for " + dir + ": ");
      if (typed == null) {
        throw new ErrorHandler.UsageError("identity " + dir + " is encrypted: give --passphrase-file");
      }
      return typed;
    }
    return null;
  }

  private Identity loadOrCreate(Path dir, char[] passphrase, PrintStream stderr) throws Exception {
    if (KeyFiles.exists(dir)) {
      return KeyFiles.load(dir, passphrase);
    }
    Identity created = Identity.generate();
    if (dir.toAbsolutePath().getParent() != null) {
      Files.createDirectories(dir.toAbsolutePath().getParent());
    }
    KeyFiles.write(dir, created, passphrase);
    stderr.println("* created a new identity in " + dir + (passphrase == null ? "" : " (encrypted)"));
    stderr.println("* your fingerprint: " + created.fingerprint().grouped());
    return created;
  }
}
