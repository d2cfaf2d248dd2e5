package dev.chatroom.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** A certificate pin: {@code sha256:} and the hex SHA-256 of the certificate's DER encoding. */
public record CertificatePin(byte[] sha256) {
  private static final Pattern FORMAT = Pattern.compile("sha256:[0-9a-fA-F]{64}");

  public CertificatePin { sha256 = sha256.clone(); }

  /** Parses {@code sha256:HEX} (colons between hex pairs allowed); the message is one sentence. */
  public static CertificatePin parse(String text) {
    String compact = text == null ? "" : text.trim().replace(":", "").replaceFirst("^sha256", "sha256:");
    if (!FORMAT.matcher(compact).matches()) {
      throw new IllegalArgumentException("a TLS pin looks like sha256: followed by 64 hex digits "
          + "(chatroom tls-selfsign prints it; or: openssl x509 -in cert.pem -noout -fingerprint -sha256)");
    }
    return new CertificatePin(HexFormat.of().parseHex(compact.substring("sha256:".length())));
  }

  public static CertificatePin of(X509Certificate cert) {
    try {
      return new CertificatePin(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot hash a certificate", e);
    }
  }

  public boolean matches(X509Certificate cert) {
    return MessageDigest.isEqual(sha256, of(cert).sha256);
  }

  @Override
  public byte[] sha256() { return sha256.clone(); }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificatePin p && MessageDigest.isEqual(sha256, p.sha256);
  }

  @Override
  public int hashCode() { return java.util.Arrays.hashCode(sha256); }

  @Override
  public String toString() { return "sha256:" + HexFormat.of().formatHex(sha256).toLowerCase(Locale.ROOT); }
}
