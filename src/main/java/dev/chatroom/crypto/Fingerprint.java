package dev.chatroom.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * SHA-256 over DER(rsa SPKI) || DER(ed25519 SPKI) (PROTOCOL.md section 3), kept as 64 lowercase
 * hex digits; shown in 16 groups of 4 for comparing out of band.
 */
public record Fingerprint(String hex) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  public Fingerprint {
    if (hex == null || !HEX64.matcher(hex).matches()) {
      throw new IllegalArgumentException("a fingerprint is 64 lowercase hex digits");
    }
  }

  public static Fingerprint of(PublicKey rsa, PublicKey ed25519) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(rsa.getEncoded());
      sha.update(ed25519.getEncoded());
      return new Fingerprint(HexFormat.of().formatHex(sha.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Accepts the grouped or the plain form, as a user may paste either. */
  public static Fingerprint parse(String text) {
    return new Fingerprint(text.replace(" ", "").toLowerCase(java.util.Locale.ROOT));
  }

  /** All 16 groups of 4, e.g. {@code "1a2b 3c4d ..."}. */
  public String grouped() {
    return group(16);
  }

  /** The first 4 groups, for member lists. */
  public String shortForm() {
    return group(4);
  }

  private String group(int groups) {
    StringBuilder out = new StringBuilder(groups * 5);
    for (int i = 0; i < groups; i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(hex, i * 4, i * 4 + 4);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return grouped();
  }
}
