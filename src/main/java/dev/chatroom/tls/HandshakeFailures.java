package dev.chatroom.tls;

import java.security.cert.CertPathValidatorException;
import java.util.Locale;

/** Maps the exceptions a failed TLS connection ends with to the one thing the user should fix. */
final class HandshakeFailures {
  private HandshakeFailures() {}

  static String explain(Throwable failure, ClientTls tls, String host) {
    PinTrustManager.PinMismatchException pin = find(failure, PinTrustManager.PinMismatchException.class);
    if (pin != null) {
      return "the relay at " + host + " presented certificate " + pin.presented
          + ", not the pinned " + pin.expected + "; check the pin with the relay's operator";
    }
    String text = messages(failure);
    if (text.contains("no subject alternative") || text.contains("no name matching")) {
      return "the relay's certificate is not valid for the name " + host
          + "; connect with a name the certificate lists";
    }
    if (find(failure, CertPathValidatorException.class) != null
        || text.contains("unable to find valid certification path")
        || text.contains("path building failed")
        || text.contains("path validation failed")) {
      String trusted = tls.caFile() != null ? "the CA file " + tls.caFile() : "the system trust store";
      return "the relay's certificate is not signed by a CA in " + trusted
          + "; pass --tls-ca with its CA or --tls-pin with its sha256 pin";
    }
    if (text.contains("notsslrecordexception") || text.contains("not an ssl/tls record")
        || text.contains("unrecognized ssl message") || text.contains("plaintext connection")) {
      return "the relay at " + host + " does not speak TLS on that port; drop --tls or check the port";
    }
    if (text.contains("handshake timed out")) {
      return "the relay at " + host + " did not answer the TLS handshake; it may not speak TLS on that port";
    }
    if (text.contains("protocol_version") || text.contains("handshake_failure")
        || text.contains("no appropriate protocol") || text.contains("no cipher suites in common")) {
      return "the relay at " + host + " offers no TLS version or cipher this client accepts (TLS 1.2+ with AEAD)";
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return "the TLS connection to " + host + " failed: " + detail;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** Class names and messages of the whole cause chain, lower case, for matching. */
  private static String messages(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
      all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return all.toString().toLowerCase(Locale.ROOT);
  }
}
