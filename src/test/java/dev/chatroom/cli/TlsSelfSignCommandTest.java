package dev.chatroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.tls.CertificatePin;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TlsSelfSignCommandTest {
  @TempDir Path dir;
  @RegisterExtension final StdioCapture stdio = new StdioCapture();

  @Test
  void writesCertAndPrivateKeyAndPrintsTheCertificatesPin() throws Exception {
    Path tls = dir.resolve("tls");
    assertEquals(0, Main.run("tls-selfsign", "--out", tls.toString(), "--name", "relay.test", "--name", "10.0.0.7",
        "--days", "30"));
    X509Certificate cert;
    try (InputStream in = Files.newInputStream(tls.resolve("cert.pem"))) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    assertEquals(CertificatePin.of(cert).toString(), stdio.out().trim());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("key.pem"))));
    assertTrue(Files.readString(tls.resolve("key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
    assertEquals(List.of(List.of(2, "relay.test"), List.of(7, "10.0.0.7")), cert.getSubjectAlternativeNames().stream()
        .map(List::copyOf).toList());
    long days = (cert.getNotAfter().getTime() - System.currentTimeMillis()) / 86_400_000L;
    assertTrue(days >= 29 && days <= 30, "valid for --days: " + days);
  }

  @Test
  void refusesToOverwriteAnExistingPair() throws Exception {
    Path tls = dir.resolve("tls");
    assertEquals(0, Main.run("tls-selfsign", "--out", tls.toString(), "--name", "a"));
    String firstCert = Files.readString(tls.resolve("cert.pem"));
    stdio.reset();
    assertEquals(1, Main.run("tls-selfsign", "--out", tls.toString(), "--name", "a"));
    assertEquals("chatroom: " + tls.resolve("cert.pem") + " already exists; choose another --out or remove it",
        stdio.err().trim());
    assertEquals(firstCert, Files.readString(tls.resolve("cert.pem")));
  }
}
