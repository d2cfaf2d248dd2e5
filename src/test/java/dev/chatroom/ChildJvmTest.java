package dev.chatroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.KeyFiles;
import dev.chatroom.crypto.TestIdentities;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child JVMs' start-up shortcuts do what they claim, so a broken archive cannot go unnoticed. */
class ChildJvmTest {

  @TempDir
  Path temp;

  @Test
  void childrenLoadTheDependencyClassesFromTheArchive() throws Exception {
    Path identity = temp.resolve("id");
    KeyFiles.write(identity, TestIdentities.fresh(), null);
    ChildJvm.awaitArchive(600); // made in the background; children started meanwhile go without
    List<String> cmd = ChildJvm.java();
    assertTrue(cmd.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile=")), "an archive was made: " + cmd);
    // -Xshare:on: the JVM refuses to start if the archive does not fit this class path and flags
    cmd.addAll(List.of("-Xshare:on", "-Xlog:class+load=info", "-cp", ChildJvm.classPath(), "dev.chatroom.cli.Main", "fingerprint",
        "--identity", identity.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("picocli.CommandLine source: shared objects file"), "picocli came from the archive:\n" + out);
    assertTrue(out.contains("org.bouncycastle.jce.provider.BouncyCastleProvider source: shared objects file"),
        "BouncyCastle came from the archive:\n" + out);
  }

  @Test
  void classPathHasTheJarsFirstNoSignedJarAndLosesNoEntry() throws Exception {
    ChildJvm.awaitArchive(600);
    List<String> own = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> child = List.of(ChildJvm.classPath().split(File.pathSeparator));
    assertEquals(own.stream().filter(e -> !e.isEmpty()).map(ChildJvmTest::fileName).sorted().toList(),
        child.stream().map(ChildJvmTest::fileName).sorted().toList());
    int firstDir = 0;
    while (firstDir < child.size() && child.get(firstDir).endsWith(".jar")) {
      firstDir++;
    }
    assertTrue(child.subList(firstDir, child.size()).stream().noneMatch(e -> e.endsWith(".jar")), child.toString());
    assertTrue(own.stream().filter(e -> e.contains("bcprov")).anyMatch(e -> signed(e)), "the test sees a signed jar");
    assertTrue(child.stream().filter(e -> e.endsWith(".jar")).noneMatch(ChildJvmTest::signed), child.toString());
  }

  private static String fileName(String entry) {
    return Path.of(entry).getFileName().toString();
  }

  private static boolean signed(String jar) {
    try {
      return ChildJvmArchive.signed(Path.of(jar));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
