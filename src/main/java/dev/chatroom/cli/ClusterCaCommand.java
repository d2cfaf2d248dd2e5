package dev.chatroom.cli;

import dev.chatroom.tls.ClusterCa;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cluster-ca", mixinStandardHelpOptions = true,
    description = "Make the cluster CA (ca.pem, ca-key.pem) in --out, or reuse the one there, and a "
        + "certificate for each --node in --out/NODE/ (cert.pem, key.pem, ca.pem; all 0600). "
        + "Copy only a node's own folder to that node; keep ca-key.pem offline.")
final class ClusterCaCommand implements Callable<Integer> {
  // a node name becomes a folder name: no separators, no leading dot
  private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:_-]{0,252}");

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the CA and the node folders.")
  Path out;

  @Option(names = "--node", required = true, paramLabel = "NAME",
      description = "A node's host name or IP (its certificate's name and folder); repeat for each node.")
  List<String> nodes;

  @Option(names = "--days", paramLabel = "N", defaultValue = "365", description = "Node certificate validity in days (default 365).")
  int days;

  @Override
  public Integer call() throws Exception {
    if (days < 1 || days > 3650) {
      throw new ErrorHandler.UsageError("--days must be between 1 and 3650");
    }
    for (String node : nodes) {
      if (!NODE_NAME.matcher(node).matches()) {
        throw new ErrorHandler.UsageError("--node '" + node + "' must be a host name or IP address (letters, digits, . : _ -)");
      }
    }
    if (nodes.stream().distinct().count() != nodes.size()) {
      throw new ErrorHandler.UsageError("each --node must be named once");
    }
    for (String node : nodes) {
      if (out.resolve(node).toFile().exists()) {
        throw new Exception(out.resolve(node) + " already exists; remove it to issue that node a new certificate");
      }
    }
    ClusterCa ca;
    boolean reused = ClusterCa.existsIn(out);
    if (reused) {
      ca = ClusterCa.load(out);
    } else {
      ca = ClusterCa.generate("chatroom cluster CA");
      try {
        ca.write(out);
      } catch (FileAlreadyExistsException e) {
        throw new Exception(e.getFile() + " already exists without its pair; remove it or choose another --out");
      }
    }
    for (String node : nodes) {
      ca.issue(node, days, out.resolve(node));
    }
    System.err.println((reused ? "used the CA in " : "made a new CA in ") + out + "; wrote "
        + String.join(", ", nodes.stream().map(n -> out.resolve(n) + "/").toList()));
    System.err.println("on each node set cluster.tls_cert, cluster.tls_key and cluster.tls_ca to its folder's "
        + ClusterCa.NODE_CERT + ", " + ClusterCa.NODE_KEY + " and " + ClusterCa.CA_CERT + " (see docs/CLUSTER.md)");
    return Main.EXIT_OK;
  }
}
