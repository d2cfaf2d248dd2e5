package dev.chatroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The child JVMs' start-up shortcuts do what they claim, so a broken archive cannot go unnoticed. */
class ChildJvmTest {

  @Test
  void childrenLoadTheDependencyClassesFromTheArchive() throws Exception {
    List<String> cmd = ChildJvm.java();
    assertTrue(cmd.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile=")), "an archive was made: " + cmd);
    // -Xshare:on: the JVM refuses to start if the archive does not fit this class path and flags
    cmd.addAll(List.of("-Xshare:on", "-Xlog:class+load=info", "-cp", ChildJvm.classPath(), "dev.chatroom.cli.Main", "--version"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("picocli.CommandLine source: shared objects file"), "picocli came from the archive:\n" + out);
  }

  @Test
  void classPathHasTheJarsFirstAndLosesNoEntry() {
    List<String> own = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> child = List.of(ChildJvm.classPath().split(File.pathSeparator));
    assertEquals(own.stream().filter(e -> !e.isEmpty()).sorted().toList(), child.stream().sorted().toList());
    int firstDir = 0;
    while (firstDir < child.size() && child.get(firstDir).endsWith(".jar")) {
      firstDir++;
    }
    assertTrue(child.subList(firstDir, child.size()).stream().noneMatch(e -> e.endsWith(".jar")), child.toString());
  }
}
