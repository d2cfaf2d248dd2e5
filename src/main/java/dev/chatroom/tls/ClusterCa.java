package dev.chatroom.tls;

import dev.chatroom.crypto.PrivateFiles;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
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
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private CA for the relay cluster's event bus: its ECDSA P-256 certificate and key, and the
 * node certificates it issues (usable as TLS server and client, since nodes dial each other).
 */
public record ClusterCa(X509Certificate certificate, PrivateKey key) {
  public static final String CA_CERT = "ca.pem";
  public static final String CA_KEY = "ca-key.pem";
  public static final String NODE_CERT = "cert.pem";
  public static final String NODE_KEY = "key.pem";
  static final int CA_DAYS = 3650;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new CA named {@code name}, valid for ten years. */
  public static ClusterCa generate(String name) throws GeneralSecurityException {
    KeyPair keys = newKeys();
    X500Name subject = cn(name);
    X509v3CertificateBuilder builder = builder(subject, subject, keys, CA_DAYS);
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0)); // no intermediates
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot build the CA certificate: " + e.getMessage(), e);
    }
    return new ClusterCa(sign(builder, keys.getPrivate()), keys.getPrivate());
  }

  /** True if {@code dir} already holds a CA (both files). */
  public static boolean existsIn(Path dir) {
    return Files.exists(dir.resolve(CA_CERT)) && Files.exists(dir.resolve(CA_KEY));
  }

  /** The CA in {@code dir}; refuses a key file others can read. */
  public static ClusterCa load(Path dir) throws IOException, GeneralSecurityException {
    Path keyFile = dir.resolve(CA_KEY);
    if (PrivateFiles.openToOthers(keyFile)) {
      throw new GeneralSecurityException(keyFile + " can be read by other users; run chmod 600 " + keyFile);
    }
    X509Certificate cert;
    try (var in = Files.newInputStream(dir.resolve(CA_CERT))) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      if (!(parser.readObject() instanceof PrivateKeyInfo info)) {
        throw new GeneralSecurityException(keyFile + " does not hold an unencrypted PKCS#8 private key");
      }
      return new ClusterCa(cert, new JcaPEMKeyConverter().getPrivateKey(info));
    }
  }

  /** Writes ca.pem and ca-key.pem (both 0600) into {@code dir}, made 0700 if new. */
  public void write(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      PrivateFiles.createDirectory(dir);
    }
    refuseExisting(dir.resolve(CA_CERT), dir.resolve(CA_KEY));
    PrivateFiles.writeNew(dir.resolve(CA_KEY), SelfSigned.pem(new JcaPKCS8Generator(key, null)).getBytes(StandardCharsets.US_ASCII));
    PrivateFiles.writeNew(dir.resolve(CA_CERT), SelfSigned.pem(certificate).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Issues a certificate for one node and writes {@code nodeDir}/cert.pem, key.pem and a copy of
   * ca.pem (all 0600, folder 0700): the three files that node's {@code cluster.tls_*} settings name.
   */
  public void issue(String name, int days, Path nodeDir) throws IOException, GeneralSecurityException {
    if (Files.exists(nodeDir)) {
      throw new FileAlreadyExistsException(nodeDir.toString());
    }
    KeyPair keys = newKeys();
    X509v3CertificateBuilder builder = builder(
        X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), cn(name), keys, days);
    try {
      GeneralName alt = new GeneralName(SelfSigned.isIpAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName, name);
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot build the node certificate: " + e.getMessage(), e);
    }
    X509Certificate cert = sign(builder, key);
    PrivateFiles.createDirectory(nodeDir);
    PrivateFiles.writeNew(nodeDir.resolve(NODE_KEY), SelfSigned.pem(new JcaPKCS8Generator(keys.getPrivate(), null))
        .getBytes(StandardCharsets.US_ASCII));
    PrivateFiles.writeNew(nodeDir.resolve(NODE_CERT), SelfSigned.pem(cert).getBytes(StandardCharsets.US_ASCII));
    PrivateFiles.writeNew(nodeDir.resolve(CA_CERT), SelfSigned.pem(certificate).getBytes(StandardCharsets.US_ASCII));
  }

  private static void refuseExisting(Path... files) throws FileAlreadyExistsException {
    for (Path p : List.of(files)) {
      if (Files.exists(p)) {
        throw new FileAlreadyExistsException(p.toString());
      }
    }
  }

  private static KeyPair newKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static X500Name cn(String name) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, int days) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(128, RANDOM),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(days))), subject, keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign the certificate: " + e.getMessage(), e);
    }
  }
}
