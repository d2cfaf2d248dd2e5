package dev.chatroom.relay;

import dev.chatroom.crypto.AuthChallenge;
import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.crypto.PublicKeys;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Runs the key parsing and signature checks of a hello once, on a worker, before the relay
 * listens: cold, the providers' first use took seconds on a loaded machine, and that first
 * hello would otherwise stall the event loop for everyone.
 */
final class CryptoWarmup {
  // any valid RSA-2048 SubjectPublicKeyInfo; only parsed, never trusted
  private static final String RSA_SPKI = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA7BYV5FiybvdVBkqQxGXna/dbi4HkJia3Qj6r2+4x74Wy2zHbK+koud+9C7zDsVhPd0QfRq/9RrO8b546dpP5ZgiPM4x3+51TOwt4ciAv7MEgYZJ2DYSqZVX3X/6c1zGSbLMlGjSOWdh2C5oFtFiPDczp5U7uK1T6HQheMX8dL4nVD1EC6KEazydKHRm/Jx3RFIPfdD2cmnXsHB/Ct5BD8IqkSsezAzKadcBUmi2VGb+9ou06v44F3VLKhrLmpIQVib2IteUgQ+qqJYiepv5A3FL0koVfZG1fu1rFkSaj3HRTxwc1nMP5OWJtUmByhts4j28lQL71HN1yi+fwUwfRJwIDAQAB";

  private CryptoWarmup() {}

  static void run() {
    try {
      KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      String sigKey = Base64.getEncoder().encodeToString(ed.getPublic().getEncoded());
      Fingerprint.of(PublicKeys.parseRsa(RSA_SPKI), PublicKeys.parseEd25519(sigKey));
      AuthChallenge challenge = AuthChallenge.fresh();
      String signature = challenge.sign(ed.getPrivate(), "warmup", RSA_SPKI, sigKey);
      challenge.verify("warmup", RSA_SPKI, sigKey, signature);
    } catch (CryptoException | NoSuchAlgorithmException | RuntimeException e) {
      // a warm-up only: the first real hello reports whatever is wrong
    }
  }
}
