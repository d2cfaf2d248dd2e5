package dev.chatroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path tmp;
  @RegisterExtension final StdioCapture stdio = new StdioCapture();

  private int run(String... args) {
    stdio.reset();
    return Main.run(args);
  }

  private String stdout() { return stdio.out(); }

  /** Our stderr, less the lines Jazzer's agent prints when the fuzz tests ran first in this JVM. */
  private String stderr() {
    return stdio.err().lines().filter(l -> !l.startsWith("INFO: Instrumented "))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  @Test
  void versionAndHelp() {
    assertEquals(0, run("--version"));
    assertTrue(stdout().startsWith("chatroom "), stdout());
    assertEquals(0, run("--help"));
    assertTrue(stdout().contains("keygen") && stdout().contains("relay"), stdout());
  }

  @Test
  void keygenThenFingerprintAgree() throws Exception {
    Path id = tmp.resolve("alice");
    assertEquals(0, run("keygen", "--identity", id.toString(), "--bits", "2048"));
    String printed = stdout().lines().filter(l -> l.startsWith("Fingerprint: ")).findFirst().orElseThrow()
        .substring("Fingerprint: ".length());
    assertTrue(printed.matches("([0-9a-f]{4} ){15}[0-9a-f]{4}"), printed);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(id)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(id.resolve("rsa.pem"))));
    assertEquals(0, run("fingerprint", "--identity", id.toString()));
    assertEquals(printed, stdout().strip());
  }

  @Test
  void encryptedIdentityNeedsItsPassphrase() throws Exception {
    Path id = tmp.resolve("enc");
    Path pass = tmp.resolve("pass.txt");
    Files.writeString(pass, "correct horse\n");
    assertEquals(0, run("keygen", "--identity", id.toString(), "--bits", "2048", "--passphrase-file", pass.toString()));
    assertTrue(Files.readString(id.resolve("rsa.pem")).contains("ENCRYPTED PRIVATE KEY"));
    assertEquals(0, run("fingerprint", "--identity", id.toString(), "--passphrase-file", pass.toString()));
    Files.writeString(pass, "wrong\n");
    assertEquals(1, run("fingerprint", "--identity", id.toString(), "--passphrase-file", pass.toString()));
    assertOneSentence();
  }

  @Test
  void failuresAreOneSentenceWithTheRightExitCode() throws Exception {
    Path id = tmp.resolve("bob");
    assertEquals(0, run("keygen", "--identity", id.toString(), "--bits", "2048"));
    assertEquals(1, run("keygen", "--identity", id.toString(), "--bits", "2048"));
    assertOneSentence();
    assertEquals(2, run("keygen", "--identity", tmp.resolve("x").toString(), "--bits", "1000"));
    assertOneSentence();
    assertFalse(Files.exists(tmp.resolve("x")), "nothing is left half-done");
    assertEquals(1, run("fingerprint", "--identity", tmp.resolve("missing").toString()));
    assertOneSentence();
    assertEquals(2, run("fingerprint"));
    assertEquals(2, run("nonsense"));
    Files.setPosixFilePermissions(id.resolve("ed25519.pem"), PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(1, run("fingerprint", "--identity", id.toString()));
    assertTrue(stderr().contains("ed25519.pem"), stderr());
    assertOneSentence();
  }

  @Test
  void anIdentityFolderOthersMayEnterIsOneSentenceWithTheFix() throws Exception {
    Path id = tmp.resolve("carol");
    assertEquals(0, run("keygen", "--identity", id.toString(), "--bits", "2048"));
    Files.setPosixFilePermissions(id, PosixFilePermissions.fromString("rwxr-x---"));
    assertEquals(1, run("fingerprint", "--identity", id.toString()));
    assertTrue(stderr().contains("run chmod 700 " + id), stderr());
    assertOneSentence();
  }

  private void assertOneSentence() {
    String e = stderr().strip();
    assertEquals(1, e.lines().count(), "one line, no stack trace: " + e);
    assertTrue(e.startsWith("chatroom: "), e);
  }

  @Test
  void badChatAndBenchFlagsAreUsageErrorsBeforeAnythingStarts() {
    Path id = tmp.resolve("never-made");
    String[][] chat = {
        {"--server", "localhost", "--nick", "alice"},
        {"--server", "127.0.0.1:7878", "--nick", "al ice"},
        {"--server", "127.0.0.1:7878", "--nick", "alice", "--room", "a/b"},
        {"--server", "127.0.0.1:7878", "--nick", "alice", "--tls-ca", tmp.resolve("missing.pem").toString()},
        {"--server", "127.0.0.1:7878", "--nick", "alice", "--tls-pin", "sha256:nothex"}};
    for (String[] args : chat) {
      String[] full = new String[args.length + 3];
      full[0] = "chat";
      System.arraycopy(args, 0, full, 1, args.length);
      full[args.length + 1] = "--identity";
      full[args.length + 2] = id.toString();
      assertEquals(2, run(full), String.join(" ", args));
      assertOneSentence();
    }
    assertFalse(Files.exists(id), "no identity is created for a command that cannot run");
    assertEquals(2, run("bench", "--room-size", "3"));
    assertTrue(stderr().contains("--rate R or --saturate"), stderr());
    assertEquals(2, run("bench", "--room-size", "3", "--rate", "-5"));
    assertTrue(stderr().contains("--rate must be positive"), stderr());
    assertFalse(stderr().contains("\tat "), "no stack trace");
    for (String[] times : new String[][] {{"--duration", "0"}, {"--warmup", "-1"}, {"--server-warmup", "-3"}}) {
      assertEquals(2, run("bench", "--room-size", "3", "--saturate", times[0], times[1]), String.join(" ", times));
      assertTrue(stderr().contains("--duration at least 1"), stderr());
      assertFalse(stderr().contains("\tat "), "no stack trace");
    }
    assertEquals(2, run("bench", "--idle", "5", "--server-warmup", "3"));
    assertTrue(stderr().contains("--server-warmup warms the targets of --room-size or --sweep rounds"), stderr());
    assertEquals(2, run("bench", "--cluster", "--room-size", "3", "--saturate", "--server-warmup", "3"));
    assertTrue(stderr().contains("--cluster, --idle and --offline do not take it"), stderr());
  }
}
