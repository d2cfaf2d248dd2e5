package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Version 2 authentication (PROTOCOL.md section 9): the client signs the relay's nonce with its hello's keys. */
class AuthChallengeTest {
  static Identity alice;
  static Identity mallory;

  @BeforeAll
  static void keys() throws CryptoException {
    alice = TestIdentities.fresh();
    mallory = TestIdentities.fresh();
  }

  @Test
  void theSigningInputIsTheFiveLinesOfSection9() {
    AuthChallenge c = new AuthChallenge("Tk9OQ0U=");
    assertArrayEquals("chatroom-v2-auth\nTk9OQ0U=\nalice\nRSA\nED".getBytes(StandardCharsets.UTF_8),
        c.signingInput("alice", "RSA", "ED"));
  }

  @Test
  void freshNoncesAre32RandomBytesInBase64() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String nonce = AuthChallenge.fresh().nonce();
      assertEquals(32, Base64.getDecoder().decode(nonce).length);
      assertEquals(44, nonce.length());
      assertTrue(seen.add(nonce), "a nonce repeated");
    }
  }

  @Test
  void aSignatureByTheHellosKeyVerifies() throws CryptoException {
    AuthChallenge c = AuthChallenge.fresh();
    String signature = c.sign(alice, "alice");
    assertEquals(64, Base64.getDecoder().decode(signature).length);
    assertTrue(c.verify("alice", alice.encKey(), alice.sigKey(), signature));
  }

  @Test
  void anythingElseFailsToVerify() throws CryptoException {
    AuthChallenge c = AuthChallenge.fresh();
    String signature = c.sign(alice, "alice");
    // another nonce (a replayed auth), nick, key, or signer
    assertFalse(AuthChallenge.fresh().verify("alice", alice.encKey(), alice.sigKey(), signature));
    assertFalse(c.verify("alice2", alice.encKey(), alice.sigKey(), signature));
    assertFalse(c.verify("alice", mallory.encKey(), alice.sigKey(), signature), "enc_key is bound too");
    assertFalse(c.verify("alice", alice.encKey(), mallory.sigKey(), signature));
    assertFalse(c.verify("alice", alice.encKey(), alice.sigKey(), c.sign(mallory, "alice")));
    // mallory signs with her own key but claims alice's keys: no
    String forged = c.sign(mallory.ed25519().getPrivate(), "alice", alice.encKey(), alice.sigKey());
    assertFalse(c.verify("alice", alice.encKey(), alice.sigKey(), forged));
    byte[] flipped = Base64.getDecoder().decode(signature);
    flipped[10] ^= 1;
    assertFalse(c.verify("alice", alice.encKey(), alice.sigKey(), Base64.getEncoder().encodeToString(flipped)));
  }

  @Test
  void malformedInputIsFalseNotAnException() throws CryptoException {
    AuthChallenge c = AuthChallenge.fresh();
    String signature = c.sign(alice, "alice");
    assertFalse(c.verify("alice", alice.encKey(), alice.sigKey(), "not base64!"));
    assertFalse(c.verify("alice", alice.encKey(), alice.sigKey(), ""));
    assertFalse(c.verify("alice", alice.encKey(), alice.sigKey(), null));
    assertFalse(c.verify("alice", alice.encKey(), "bm90IGEga2V5", signature));
    assertFalse(c.verify("alice", alice.encKey(), alice.encKey(), signature), "an RSA key is no signing key");
    assertFalse(c.verify("ali\nce", alice.encKey(), alice.sigKey(), signature));
    assertFalse(c.verify(null, alice.encKey(), alice.sigKey(), signature));
  }

  @Test
  void fieldsWithNewlinesCannotBeSigned() {
    AuthChallenge c = AuthChallenge.fresh();
    // "a\nb" as nick would sign the same lines as nick "a" with enc_key "b"
    assertThrows(IllegalArgumentException.class, () -> c.sign(alice, "a\nb"));
    assertThrows(IllegalArgumentException.class, () -> new AuthChallenge("x\ny").signingInput("a", "b", "c"));
    assertThrows(IllegalArgumentException.class, () -> new AuthChallenge(""));
  }
}
