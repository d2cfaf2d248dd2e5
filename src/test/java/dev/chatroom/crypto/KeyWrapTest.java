package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KeyWrapTest {
  private static KeyPair alice;
  private static KeyPair bob;

  @BeforeAll
  static void keys() throws Exception {
    alice = TestIdentities.fresh().rsa();
    bob = TestIdentities.fresh().rsa();
  }

  /** Wycheproof has no "acceptable" OAEP cases here; any that appear must be rejected too. */
  static Stream<Arguments> wycheproof() {
    return Stream.concat(
            Vectors.wycheproof("rsa_oaep_2048_sha256_mgf1sha256_test.json").stream(),
            Vectors.wycheproof("rsa_oaep_3072_sha256_mgf1sha256_test.json").stream())
        .map(c -> Arguments.of(c[0].get("keySize").asInt() + " #" + c[1].get("tcId").asInt()
            + " " + c[1].get("comment").asText(), c[0], c[1]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wycheproof")
  void followsWycheproof(String name, JsonNode group, JsonNode test) throws Exception {
    PrivateKey key = KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Vectors.hex(group.get("privateKeyPkcs8"))));
    byte[] ct = Vectors.hex(test.get("ct"));
    byte[] label = Vectors.hex(test.get("label"));
    if (test.get("result").asText().equals("valid")) {
      assertArrayEquals(Vectors.hex(test.get("msg")), KeyWrap.unwrap(key, ct, label));
    } else {
      CryptoException e = assertThrows(CryptoException.class, () -> KeyWrap.unwrap(key, ct, label));
      assertEquals(KeyWrap.UNWRAP_FAILED, e.getMessage());
      assertEquals(null, e.getCause(), "no cause that could tell failures apart");
    }
  }

  @Test
  void roundTripsAFernetKey() throws Exception {
    byte[] fernetKey = Fernet.generateKey().getBytes(StandardCharsets.US_ASCII);
    byte[] wrapped = KeyWrap.wrap(bob.getPublic(), fernetKey);
    assertEquals(256, wrapped.length);
    assertArrayEquals(fernetKey, KeyWrap.unwrap(bob.getPrivate(), wrapped));
  }

  @Test
  void rejectsACiphertextWithItsLeadingZeroStripped() throws Exception {
    // SunJCE alone accepts this (RFC 8017 says reject); KeyWrap checks the length itself.
    byte[] wrapped;
    do {
      wrapped = KeyWrap.wrap(bob.getPublic(), new byte[44]);
    } while (wrapped[0] != 0);
    byte[] stripped = java.util.Arrays.copyOfRange(wrapped, 1, wrapped.length);
    assertThrows(CryptoException.class, () -> KeyWrap.unwrap(bob.getPrivate(), stripped));
  }

  @Test
  void everyFailureLooksTheSame() throws Exception {
    byte[] wrapped = KeyWrap.wrap(bob.getPublic(), new byte[44]);
    byte[] flipped = wrapped.clone();
    flipped[100] ^= 1;
    byte[] longer = new byte[wrapped.length + 1];
    System.arraycopy(wrapped, 0, longer, 1, wrapped.length);
    for (byte[] bad : new byte[][] {flipped, longer, new byte[0], new byte[10]}) {
      CryptoException e = assertThrows(CryptoException.class,
          () -> KeyWrap.unwrap(bob.getPrivate(), bad));
      assertEquals(KeyWrap.UNWRAP_FAILED, e.getMessage());
    }
    CryptoException wrongKey = assertThrows(CryptoException.class,
        () -> KeyWrap.unwrap(alice.getPrivate(), wrapped));
    assertEquals(KeyWrap.UNWRAP_FAILED, wrongKey.getMessage());
  }
}
