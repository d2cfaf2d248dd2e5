package dev.chatroom;

import dev.chatroom.crypto.KeyFiles;
import dev.chatroom.crypto.TestIdentities;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A class-data-sharing archive of the dependency jars' classes (Vert.x, Netty, Hazelcast,
 * Jackson, picocli, JLine) for the tests' child JVMs: each child then maps the classes a relay
 * or a client loads instead of parsing them, about a quarter of its start-up CPU. Made once per
 * build into target/child-cds: a clustered relay and a chat client run once with
 * {@code -XX:DumpLoadedClassList}, then {@code java -Xshare:dump} writes the archive. A file lock
 * makes the second surefire fork wait for the first one's archive instead of making its own.
 * If anything fails the children run without it, as before ({@code -Xshare:auto}).
 */
final class ChildJvmArchive {
  private static Optional<Path> archive;

  private ChildJvmArchive() {}

  /** The archive for {@code flags} and {@code classPath} (jars first), made now if there is none yet. */
  static synchronized Optional<Path> get(List<String> flags, String classPath) {
    if (archive == null) {
      archive = Optional.empty();
      try {
        archive = Optional.of(make(flags, classPath));
      } catch (Exception e) {
        System.err.println("child JVMs run without a class-data archive: " + e);
      }
    }
    return archive;
  }

  private static Path make(List<String> flags, String classPath) throws Exception {
    Path dir = Path.of(System.getProperty("basedir", "."), "target", "child-cds").toAbsolutePath();
    Files.createDirectories(dir);
    Path jsa = dir.resolve("child-" + key(flags, classPath) + ".jsa");
    try (FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) { // the other fork waits here while this one makes it
      if (Files.isRegularFile(jsa)) {
        return jsa;
      }
      Path work = Files.createTempDirectory(dir, "make-");
      List<String> classes = new ArrayList<>();
      train(flags, classPath, work, classes);
      Path list = work.resolve("classes.lst");
      Files.write(list, new LinkedHashSet<>(classes));
      List<String> dump = new ArrayList<>(flags);
      dump.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + work.resolve("a.jsa"),
          "-cp", jarsOnly(classPath)));
      Process p = new ProcessBuilder(dump).redirectErrorStream(true).redirectOutput(work.resolve("dump.log").toFile()).start();
      if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("java -Xshare:dump failed, see " + work.resolve("dump.log"));
      }
      Files.move(work.resolve("a.jsa"), jsa, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(work); // the training identity and class lists are not needed again
      return jsa;
    }
  }

  /** Runs a clustered relay and a chat client that says one line to it, collecting the classes both load. */
  private static void train(List<String> flags, String classPath, Path work, List<String> classes) throws Exception {
    Path identity = work.resolve("identity");
    KeyFiles.write(identity, TestIdentities.fresh(), null);
    int clusterPort = freePort();
    List<String> relay = new ArrayList<>(flags);
    for (String flag : System.getProperty("chatroom.hazelcast.jvm.flags", "").trim().split("\\s+")) {
      if (!flag.isEmpty()) {
        relay.add(flag);
      }
    }
    relay.addAll(List.of("-XX:DumpLoadedClassList=" + work.resolve("relay.lst"), "-cp", classPath, "dev.chatroom.cli.Main",
        "relay", "--port", "0", "--store", "memory", "--cluster", "--cluster-host", "127.0.0.1",
        "--cluster-port", String.valueOf(clusterPort), "--cluster-members", "127.0.0.1:" + clusterPort));
    Process node = new ProcessBuilder(relay).redirectErrorStream(true).start();
    try {
      int port = listeningPort(node);
      List<String> chat = new ArrayList<>(flags);
      chat.addAll(List.of("-XX:DumpLoadedClassList=" + work.resolve("chat.lst"), "-cp", classPath, "dev.chatroom.cli.Main",
          "chat", "--server", "127.0.0.1:" + port, "--nick", "cds", "--identity", identity.toString()));
      Process client = new ProcessBuilder(chat).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try (OutputStream in = client.getOutputStream()) {
        in.write("hello\n".getBytes(StandardCharsets.UTF_8));
      }
      if (!client.waitFor(60, TimeUnit.SECONDS)) {
        client.destroyForcibly();
        throw new IOException("the training chat client did not exit");
      }
    } finally {
      node.destroy(); // SIGTERM: the class list is complete once the JVM exits
      if (!node.waitFor(30, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
    for (String name : List.of("relay.lst", "chat.lst")) {
      classes.addAll(Files.readAllLines(work.resolve(name)));
    }
  }

  private static int listeningPort(Process node) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      int at = line.indexOf("relay listening on ");
      if (at >= 0) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "cds-relay-out");
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
      }
    }
    throw new IOException("the training relay exited before it listened");
  }

  /** The dump sees only the jars: CDS refuses a class path with a non-empty directory. */
  private static String jarsOnly(String classPath) {
    List<String> jars = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.endsWith(".jar")) {
        jars.add(entry);
      }
    }
    return String.join(File.pathSeparator, jars);
  }

  /** Changes with the JDK, the flags and every jar (CDS itself refuses a jar that changed since the dump). */
  private static String key(List<String> flags, String classPath) throws IOException, NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Set<String> parts = new LinkedHashSet<>(flags);
    parts.add(System.getProperty("java.vm.version"));
    for (String jar : jarsOnly(classPath).split(File.pathSeparator)) {
      Path p = Path.of(jar);
      parts.add(jar + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
    }
    for (String part : parts) {
      sha.update((part + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 8);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
