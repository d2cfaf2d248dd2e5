package dev.chatroom.tls;

import java.util.List;
import java.util.Set;

/** The TLS versions and cipher suites both relay and client allow: TLS 1.2+ with forward-secret AEAD only. */
public final class TlsPolicy {
  public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  /** TLS 1.3 suites first (all AEAD), then TLS 1.2 ECDHE with GCM or ChaCha20-Poly1305; no CBC, RSA kex or SHA-1 MACs. */
  public static final List<String> CIPHER_SUITES = List.of(
      "TLS_AES_128_GCM_SHA256",
      "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private TlsPolicy() {}

  /** Restricts any Vert.x TCP options (server or client) to the policy. */
  public static <T extends io.vertx.core.net.TCPSSLOptions> T restrict(T options) {
    options.getEnabledSecureTransportProtocols().retainAll(PROTOCOLS);
    options.getEnabledCipherSuites().clear();
    CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    return options;
  }
}
