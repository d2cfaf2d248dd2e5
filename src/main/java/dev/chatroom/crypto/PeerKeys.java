package dev.chatroom.crypto;

import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;

/** Another member's public keys as announced in welcome/joined, parsed and fingerprinted. */
public record PeerKeys(String nick, RSAPublicKey encKey, PublicKey sigKey,
                       String encKeyB64, String sigKeyB64, Fingerprint fingerprint) {

  public static PeerKeys parse(String nick, String encB64, String sigB64) throws CryptoException {
    RSAPublicKey enc = PublicKeys.parseRsa(encB64);
    PublicKey sig = PublicKeys.parseEd25519(sigB64);
    return new PeerKeys(nick, enc, sig, encB64, sigB64, Fingerprint.of(enc, sig));
  }
}
