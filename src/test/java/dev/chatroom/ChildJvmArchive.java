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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A class-data-sharing archive of the dependency jars' classes (Vert.x, Netty, Hazelcast,
 * Jackson, picocli, JLine, BouncyCastle) for the tests' child JVMs: each child then maps the
 * classes a relay or a client loads instead of parsing them, a third of a relay's start-up CPU
 * and half of a short command's (measured 2.7 s to 1.8 s, 1.4 s to 0.7 s). Made once per
 * build into target/child-cds: a clustered relay and a chat client run once with
 * {@code -XX:DumpLoadedClassList}, then {@code java -Xshare:dump} writes the archive. A file lock
 * makes the second surefire fork wait for the first one's archive instead of making its own.
 * Children started before it is ready, or if anything fails, run without it, as before.
 */
final class ChildJvmArchive {
  private static final List<Process> TRAINING = new ArrayList<>();
  private static CompletableFuture<Setup> made;

  /** What the children run with: the class path and, when it could be made, the archive that fits it. */
  record Setup(String classPath, Optional<Path> archive) {}

  private ChildJvmArchive() {}

  /**
   * The set-up for children started with {@code flags}: the archive's once it is made, until
   * then the plain class path. The first call starts making it in the background, so no test
   * waits for it (or has its own timeout spent on it).
   */
  static Setup get(List<String> flags) {
    CompletableFuture<Setup> f = start(flags);
    return f.isDone() ? f.join() : plain();
  }

  /** Waits for the archive (for the test that checks it). */
  static Setup await(List<String> flags, long seconds) throws Exception {
    return start(flags).get(seconds, TimeUnit.SECONDS);
  }

  private static synchronized CompletableFuture<Setup> start(List<String> flags) {
    if (made == null) {
      made = new CompletableFuture<>();
      // a fork that ends mid-way leaves no training relay behind
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        synchronized (TRAINING) {
          TRAINING.forEach(Process::destroyForcibly);
        }
      }, "child-cds-cleanup"));
      Thread maker = new Thread(() -> {
        try {
          made.complete(make(flags, plain().classPath()));
        } catch (Exception e) {
          System.err.println("child JVMs run without a class-data archive: " + e);
          made.complete(plain());
        }
      }, "child-cds-maker");
      maker.setDaemon(true);
      maker.start();
    }
    return made;
  }

  private static Setup plain() {
    return new Setup(jarsFirst(System.getProperty("java.class.path")), Optional.empty());
  }

  private static Setup make(List<String> flags, String ordered) throws Exception {
    Path root = Path.of(System.getProperty("basedir", "."), "target", "child-cds").toAbsolutePath();
    Path dir = root.resolve(key(flags, ordered));
    Path jsa = dir.resolve("child.jsa");
    Files.createDirectories(dir);
    try (FileChannel channel = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = FileLocks.await(channel)) { // the other fork waits here while this one makes it
      String classPath = unsigned(ordered, dir);
      if (Files.isRegularFile(jsa)) {
        return new Setup(classPath, Optional.of(jsa));
      }
      Path work = Files.createTempDirectory(dir, "make-");
      List<String> classes = new ArrayList<>();
      train(flags, classPath, work, classes);
      Path list = work.resolve("classes.lst");
      Files.write(list, new LinkedHashSet<>(classes));
      List<String> dump = new ArrayList<>(flags);
      dump.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + work.resolve("a.jsa"),
          "-cp", jarsOnly(classPath)));
      Process p = started(new ProcessBuilder(dump).redirectErrorStream(true).redirectOutput(work.resolve("dump.log").toFile()));
      if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("java -Xshare:dump failed, see " + work.resolve("dump.log"));
      }
      Files.move(work.resolve("a.jsa"), jsa, StandardCopyOption.ATOMIC_MOVE);
      TestTrees.deleteTree(work); // the training identity and class lists are not needed again
      return new Setup(classPath, Optional.of(jsa));
    }
  }

  /** {@code classPath} with the jars first: an archive matches a class path by its prefix and cannot hold directories. */
  static String jarsFirst(String classPath) {
    List<String> jars = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        (entry.endsWith(".jar") ? jars : others).add(entry);
      }
    }
    jars.addAll(others);
    return String.join(File.pathSeparator, jars);
  }

  /**
   * {@code classPath} with each signed jar (BouncyCastle) replaced by a copy in {@code dir}
   * without its signature files, as in the shipped jar (the shade plugin drops them): CDS
   * cannot archive a signed jar's classes, and checking the signatures costs every child CPU.
   */
  private static String unsigned(String classPath, Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      if (!entry.endsWith(".jar") || !signed(jar)) {
        out.add(entry);
        continue;
      }
      Path copy = dir.resolve(jar.getFileName());
      if (!Files.isRegularFile(copy)) {
        Path tmp = dir.resolve(jar.getFileName() + ".tmp");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
            ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
          for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            if (!SIGNATURE.matcher(e.getName()).matches()) {
              zip.putNextEntry(new ZipEntry(e.getName()));
              in.transferTo(zip);
              zip.closeEntry();
            }
          }
        }
        Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE);
      }
      out.add(copy.toString());
    }
    return String.join(File.pathSeparator, out);
  }

  private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");

  static boolean signed(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().anyMatch(e -> SIGNATURE.matcher(e.getName()).matches());
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
    Process node = started(new ProcessBuilder(relay).redirectErrorStream(true));
    try {
      int port = listeningPort(node);
      List<String> chat = new ArrayList<>(flags);
      chat.addAll(List.of("-XX:DumpLoadedClassList=" + work.resolve("chat.lst"), "-cp", classPath, "dev.chatroom.cli.Main",
          "chat", "--server", "127.0.0.1:" + port, "--nick", "cds", "--identity", identity.toString()));
      Process client = started(new ProcessBuilder(chat).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD));
      try (OutputStream in = client.getOutputStream()) {
        in.write("hello\n".getBytes(StandardCharsets.UTF_8));
      }
      if (!client.waitFor(300, TimeUnit.SECONDS)) { // at nice 19 on a loaded machine it waits its turn
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

  /** Started at the lowest priority: the tests running meanwhile, some with timeouts, go first. */
  private static Process started(ProcessBuilder builder) throws IOException {
    if (Files.isExecutable(Path.of("/usr/bin/nice"))) {
      List<String> cmd = new ArrayList<>(List.of("/usr/bin/nice", "-n", "19"));
      cmd.addAll(builder.command());
      builder.command(cmd);
    }
    synchronized (TRAINING) {
      Process p = builder.start();
      TRAINING.add(p);
      return p;
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
    parts.add(classPath); // its directories too: the archive's class path is a prefix of the children's
    for (String jar : jarsOnly(classPath).split(File.pathSeparator)) {
      Path p = Path.of(jar);
      parts.add(jar + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
    }
    for (String part : parts) {
      sha.update((part + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
