package dev.chatroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ClusterCaCommandTest {
  @TempDir Path dir;
  @RegisterExtension final StdioCapture stdio = new StdioCapture();

  @Test
  void makesACaAndOneFolderPerNodeAllPrivate() throws Exception {
    Path out = dir.resolve("ca");
    assertEquals(0, Main.run("cluster-ca", "--out", out.toString(), "--node", "10.0.0.11", "--node", "relay2.internal"));
    X509Certificate ca = read(out.resolve("ca.pem"));
    assertTrue(ca.getBasicConstraints() >= 0, "the CA may sign");
    for (String node : List.of("10.0.0.11", "relay2.internal")) {
      Path folder = out.resolve(node);
      assertEquals("rwx------", mode(folder));
      for (String f : List.of("cert.pem", "key.pem", "ca.pem")) {
        assertEquals("rw-------", mode(folder.resolve(f)), f);
      }
      X509Certificate cert = read(folder.resolve("cert.pem"));
      cert.verify(ca.getPublicKey()); // chains to the CA
      assertEquals(-1, cert.getBasicConstraints(), "a node certificate cannot sign others");
      assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage(),
          "nodes are TLS servers and clients of each other");
      assertTrue(cert.getSubjectX500Principal().getName().contains(node));
      assertEquals(Files.readString(out.resolve("ca.pem")), Files.readString(folder.resolve("ca.pem")));
      assertTrue(Files.readString(folder.resolve("key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
    }
    assertEquals("rw-------", mode(out.resolve("ca-key.pem")));
    assertEquals("rwx------", mode(out));
  }

  @Test
  void aSecondRunAddsANodeUnderTheSameCa() throws Exception {
    Path out = dir.resolve("ca");
    assertEquals(0, Main.run("cluster-ca", "--out", out.toString(), "--node", "a"));
    String caBefore = Files.readString(out.resolve("ca.pem"));
    assertEquals(0, Main.run("cluster-ca", "--out", out.toString(), "--node", "b"));
    assertEquals(caBefore, Files.readString(out.resolve("ca.pem")));
    read(out.resolve("b/cert.pem")).verify(read(out.resolve("ca.pem")).getPublicKey());
  }

  @Test
  void anotherCaDoesNotVouchForTheseNodes() throws Exception {
    assertEquals(0, Main.run("cluster-ca", "--out", dir.resolve("one").toString(), "--node", "a"));
    assertEquals(0, Main.run("cluster-ca", "--out", dir.resolve("two").toString(), "--node", "a"));
    X509Certificate other = read(dir.resolve("two/ca.pem"));
    assertThrows(SignatureException.class, () -> read(dir.resolve("one/a/cert.pem")).verify(other.getPublicKey()));
  }

  @Test
  void refusesAnExistingNodeFolderAndChangesNothing() throws Exception {
    Path out = dir.resolve("ca");
    assertEquals(0, Main.run("cluster-ca", "--out", out.toString(), "--node", "a"));
    String cert = Files.readString(out.resolve("a/cert.pem"));
    stdio.reset();
    assertEquals(1, Main.run("cluster-ca", "--out", out.toString(), "--node", "b", "--node", "a"));
    assertEquals("chatroom: " + out.resolve("a") + " already exists; remove it to issue that node a new certificate",
        stdio.err().trim());
    assertEquals(cert, Files.readString(out.resolve("a/cert.pem")));
    assertFalse(Files.exists(out.resolve("b")), "nothing half-done");
  }

  @Test
  void aNodeNameThatIsAPathIsAUsageError() throws Exception {
    Path out = dir.resolve("ca");
    assertEquals(2, Main.run("cluster-ca", "--out", out.toString(), "--node", "../evil"));
    assertEquals("chatroom: --node '../evil' must be a host name or IP address (letters, digits, . : _ -)",
        stdio.err().trim());
    assertFalse(Files.exists(out));
  }

  @Test
  void aCaKeyOthersCanReadIsRefused() throws Exception {
    Path out = dir.resolve("ca");
    assertEquals(0, Main.run("cluster-ca", "--out", out.toString(), "--node", "a"));
    Files.setPosixFilePermissions(out.resolve("ca-key.pem"), PosixFilePermissions.fromString("rw-r--r--"));
    stdio.reset();
    assertEquals(1, Main.run("cluster-ca", "--out", out.toString(), "--node", "b"));
    assertTrue(stdio.err().contains("ca-key.pem can be read by other users"), stdio.err());
    try (Stream<Path> files = Files.list(out)) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().equals("b")));
    }
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static X509Certificate read(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
