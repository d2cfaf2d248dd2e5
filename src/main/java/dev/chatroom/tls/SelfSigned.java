package dev.chatroom.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed ECDSA P-256 server certificate for test setups, written as PEM files. */
public record SelfSigned(X509Certificate certificate, KeyPair keys) {
  public static final String CERT_FILE = "cert.pem";
  public static final String KEY_FILE = "key.pem";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Names that parse as IP addresses become IP entries, the rest DNS entries; the first is the CN. */
  public static SelfSigned generate(List<String> names, int days) throws GeneralSecurityException {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs at least one name");
    }
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    KeyPair keys = generator.generateKeyPair();
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, names.get(0)).build();
    Instant now = Instant.now();
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
          new BigInteger(128, RANDOM), Date.from(now.minus(Duration.ofMinutes(5))),
          Date.from(now.plus(Duration.ofDays(days))), subject, keys.getPublic());
      GeneralName[] altNames = names.stream()
          .map(n -> new GeneralName(isIpAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
          .toArray(GeneralName[]::new);
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      return new SelfSigned(cert, keys);
    } catch (OperatorCreationException | IOException e) {
      throw new GeneralSecurityException("cannot build the certificate: " + e.getMessage(), e);
    }
  }

  public CertificatePin pin() { return CertificatePin.of(certificate); }

  /** Writes cert.pem (0644) and key.pem (0600) into {@code dir}; refuses to overwrite either. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path cert = dir.resolve(CERT_FILE);
    Path key = dir.resolve(KEY_FILE);
    for (Path p : List.of(cert, key)) {
      if (Files.exists(p)) {
        throw new FileAlreadyExistsException(p.toString());
      }
    }
    writeNew(key, pem(new JcaPKCS8Generator(keys.getPrivate(), null)), "rw-------");
    writeNew(cert, pem(certificate), "rw-r--r--");
  }

  private static void writeNew(Path file, String text, String permissions) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
    } else {
      Files.createFile(file);
    }
    Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }

  static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object instanceof JcaPKCS8Generator g ? g.generate() : object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static boolean isIpAddress(String name) {
    return name.matches("[0-9.]+") || name.contains(":");
  }
}
