package dev.chatroom;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Lets one test class at a time, across surefire's forks, run Hazelcast nodes: two clusters of
 * three JVMs each on two cores starve each other past the heartbeat and failure-detection
 * times those tests check. A file lock in target/, so it also holds across JVMs, and the OS
 * drops it if a fork dies.
 */
public final class OneClusterAtATime implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OneClusterAtATime.class);

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Path file = Path.of(System.getProperty("basedir", "."), "target", "cluster-tests.lock");
    Files.createDirectories(file.getParent());
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = FileLocks.await(channel); // waits while the other fork's cluster test runs
    context.getStore(NS).put("lock", lock);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    FileLock lock = context.getStore(NS).remove("lock", FileLock.class);
    if (lock != null) {
      lock.release();
      lock.channel().close();
    }
  }
}
