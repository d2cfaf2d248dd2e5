package dev.chatroom.tls;

import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a client checks the relay's certificate: off, a CA file, the system trust store, or one
 * pinned certificate. {@link #apply} configures a Vert.x NetClient; {@link #explain} turns a failed
 * handshake into one sentence.
 *
 * @param caFile PEM file of CA certificates to trust, or null for the system trust store
 * @param pin the one certificate to trust (its names are then not checked), or null
 */
public record ClientTls(boolean enabled, String caFile, CertificatePin pin) {
  public static final ClientTls OFF = new ClientTls(false, null, null);

  /**
   * From the command line ({@code --tls --tls-ca FILE --tls-pin sha256:HEX}); a CA file or a pin
   * implies {@code --tls}. Bad input throws IllegalArgumentException with one sentence.
   */
  public static ClientTls fromOptions(boolean tls, String caFile, String pin) {
    if (caFile != null && pin != null) {
      throw new IllegalArgumentException("use either --tls-ca or --tls-pin, not both");
    }
    if (caFile != null && !Files.isReadable(Path.of(caFile))) {
      throw new IllegalArgumentException("cannot read the CA file " + caFile);
    }
    CertificatePin parsed = pin == null ? null : CertificatePin.parse(pin);
    return new ClientTls(tls || caFile != null || pin != null, caFile, parsed);
  }

  /** Turns TLS on in {@code options} (when enabled) with this trust, TLS 1.2+ and modern ciphers. */
  public NetClientOptions apply(NetClientOptions options) {
    if (!enabled) {
      return options;
    }
    options.setSsl(true);
    TlsPolicy.restrict(options);
    if (pin != null) {
      options.setTrustOptions(TrustOptions.wrap(new PinTrustManager(pin)));
      // The pin names one exact certificate, so the names inside it add nothing (and self-signed
      // test certificates rarely carry the address a client dials).
      options.setHostnameVerificationAlgorithm("");
    } else {
      options.setHostnameVerificationAlgorithm("HTTPS");
      if (caFile != null) {
        options.setTrustOptions(new PemTrustOptions().addCertPath(caFile));
      }
      // no trust options: the JDK's default trust store (the system CAs)
    }
    return options;
  }

  /** One sentence saying why a TLS connection to {@code host} failed. */
  public static String explain(Throwable failure, ClientTls tls, String host) {
    return HandshakeFailures.explain(failure, tls, host);
  }
}
