package dev.chatroom.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/** Trusts exactly one server certificate, the one whose SHA-256 is the pin; nothing else. */
final class PinTrustManager implements X509TrustManager {
  private final CertificatePin pin;

  PinTrustManager(CertificatePin pin) { this.pin = pin; }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the server sent no certificate");
    }
    if (!pin.matches(chain[0])) {
      throw new PinMismatchException(CertificatePin.of(chain[0]), pin);
    }
    chain[0].checkValidity(); // an expired pinned certificate still fails
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("client certificates are not used");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }

  /** The server's certificate is not the pinned one; carries both pins for the message. */
  static final class PinMismatchException extends CertificateException {
    private static final long serialVersionUID = 1L;
    final String presented;
    final String expected;

    PinMismatchException(CertificatePin presented, CertificatePin expected) {
      super("server certificate " + presented + " does not match the pin " + expected);
      this.presented = presented.toString();
      this.expected = expected.toString();
    }
  }
}
