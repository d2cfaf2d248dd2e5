package dev.chatroom.crypto;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Version 2 authentication (PROTOCOL.md section 9): the relay's nonce, and the client's Ed25519
 * signature over {@code chatroom-v2-auth\n<nonce>\n<nick>\n<enc_key>\n<sig_key>} (UTF-8, the
 * strings exactly as sent in the hello and the challenge).
 */
public record AuthChallenge(String nonce) {
  static final String DOMAIN = "chatroom-v2-auth";
  public static final int NONCE_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  public AuthChallenge {
    if (nonce == null || nonce.isEmpty()) {
      throw new IllegalArgumentException("a challenge needs a nonce");
    }
  }

  /** A new challenge: 32 random bytes as standard base64. The relay makes one per hello. */
  public static AuthChallenge fresh() {
    byte[] bytes = new byte[NONCE_BYTES];
    RANDOM.nextBytes(bytes);
    return new AuthChallenge(Base64.getEncoder().encodeToString(bytes));
  }

  /**
   * The bytes the {@code auth} signature covers.
   *
   * @throws IllegalArgumentException if a field is missing or holds a newline, which would let
   *     two different hellos sign the same bytes
   */
  public byte[] signingInput(String nick, String encKey, String sigKey) {
    return String.join("\n", DOMAIN, field(nonce), field(nick), field(encKey), field(sigKey))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The client's {@code auth} signature (base64) with {@code me}'s keys as its hello sent them. */
  public String sign(Identity me, String nick) throws CryptoException {
    return sign(me.ed25519().getPrivate(), nick, me.encKey(), me.sigKey());
  }

  public String sign(PrivateKey signingKey, String nick, String encKey, String sigKey) throws CryptoException {
    return Base64.getEncoder().encodeToString(Signatures.sign(signingKey, signingInput(nick, encKey, sigKey)));
  }

  /**
   * The relay's check of an {@code auth}: true only if {@code signature} is a valid Ed25519
   * signature by {@code sigKey} over this nonce and the hello's fields. Never throws; anything
   * malformed is false. Nothing here is compared byte by byte: the relay checks against
   * its own copy of the nonce, and Ed25519 verification itself is BouncyCastle's.
   */
  public boolean verify(String nick, String encKey, String sigKey, String signature) {
    try {
      PublicKey key = PublicKeys.parseEd25519(sigKey);
      byte[] sig = Base64.getDecoder().decode(signature);
      return Signatures.verify(key, signingInput(nick, encKey, sigKey), sig);
    } catch (CryptoException | IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  private static String field(String value) {
    if (value == null || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a signed field is missing or contains a newline");
    }
    return value;
  }
}
