package dev.chatroom;

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
    List<String> cmd = base();
    // the dependency jars' classes mapped from one archive instead of parsed: see ChildJvmArchive
    ChildJvmArchive.get(base()).archive().ifPresent(jsa -> cmd.addAll(List.of(
        "-XX:SharedArchiveFile=" + jsa, "-XX:ArchiveRelocationMode=0")));
    return cmd;
  }

  /** {@link #java()} with the test class path. */
  public static List<String> javaWithClassPath() {
    List<String> cmd = java();
    cmd.addAll(List.of("-cp", classPath()));
    return cmd;
  }

  /**
   * This JVM's class path as the archive needs it: the jars first, target/classes and
   * target/test-classes after them (no class or resource is in both, so the order changes
   * nothing else), and BouncyCastle without its jar signatures, as in the shipped jar.
   */
  public static String classPath() {
    return ChildJvmArchive.get(base()).classPath();
  }

  /** Waits until the archive is made (or could not be), for the test that checks it. */
  static void awaitArchive(long seconds) throws Exception {
    ChildJvmArchive.await(base(), seconds);
  }

  private static List<String> base() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(FLAGS);
    return cmd;
  }
}
