package dev.chatroom;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The start of a command line for a test's child JVM (a relay, a client, a flood): this JVM's
 * java with flags that make a short-lived JVM cheap. The tests start dozens of them on two
 * cores, and each costs one to three seconds of CPU before it does anything.
 */
public final class ChildJvm {
  private static final List<String> FLAGS = List.of(
      // C1 only: C2 would compile hot start-up code that a test's child never runs long enough to repay
      "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
      // javac's and Maven Central's class files, not hostile bytecode: about a fifth of a relay's start-up CPU
      "-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote");

  private ChildJvm() {}

  /** {@code java} and the start-up flags; callers add heap, -D options, -cp {@link #classPath()} and the main class. */
  public static List<String> java() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(FLAGS);
    // the dependency jars' classes mapped from one archive instead of parsed: see ChildJvmArchive
    ChildJvmArchive.get(List.copyOf(cmd), classPath()).ifPresent(jsa -> cmd.add("-XX:SharedArchiveFile=" + jsa));
    return cmd;
  }

  /** {@link #java()} with the test class path. */
  public static List<String> javaWithClassPath() {
    List<String> cmd = java();
    cmd.addAll(List.of("-cp", classPath()));
    return cmd;
  }

  /**
   * This JVM's class path with the jars first and target/classes, target/test-classes after
   * them: a class-data archive matches a class path by its prefix and cannot hold directories.
   * No class or resource is in both, so the order changes nothing else.
   */
  public static String classPath() {
    List<String> jars = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        (entry.endsWith(".jar") ? jars : others).add(entry);
      }
    }
    jars.addAll(others);
    return String.join(File.pathSeparator, jars);
  }
}
