package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicKeysTest {
  /** The python-plain fixture's public keys, as Python's cryptography encodes them. */
  static final String RSA = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtYBdZYcVbmFIX1iG+S+bHS48"
      + "MoT5LQufLqENygde1Gor2a7SZ7Wu8CUb9nmXcb0ufkbfxu0hHzTtzvQP8itwhe8sny06InPnsTdHYv7burqGrFEq8q5p"
      + "i4J0LmPgibrOjVB2gosnhl63jZSOO0O84p71QRHHTV3q7WaT0VrLj0BssK5H/ELJ/M45Szqj2T8l1RSW5yXj4T/AiJqx"
      + "ZlFGZOulxQKulLZ4ru55NC9/V58ESemKQJ3DYX6D7G/qcib/X6O2eEEw9uYk5MeY1TIvo10zyRr1903dysswofxi0c1f"
      + "jHxJTEbDevqEwMFwIx4iSfsbBTcUVusAUJyBmkhlTwIDAQAB";
  static final String ED25519 = "MCowBQYDK2VwAyEAgT14ikFi4YBoCyeQF2K2AocGyYZhYcEyi27EOEmrZKY=";
  /** A 2048-bit RSA key with public exponent 3. */
  static final String RSA_E3 = "MIIBIDANBgkqhkiG9w0BAQEFAAOCAQ0AMIIBCAKCAQEAqjl2HeccnNEmif9iRCPe6s3t"
      + "vnYixikHtvL8uUGw+BUa1fey8t8xesYBxQEj4C5a8dZJ12a2Ur3H53DtX+IR+bWrH0lZB8JuHG+G8nOWG8nIf5Ayf/fK"
      + "svmELnrkh7f7om/WYR1JkFj8MivHuQkRcf98u/KWqf8QlhLCbDMzNVdgQN9vd/JPCIeTVOHcybIno6Nbww0U/7tTU/xi"
      + "n6Bm6s00RLSOHqrPSU7MPjT1j6tZA2w5OGEo54eml03ACnaD4u/g221CebSBXer5HJStMDQr0780cQ3V4GlxXjSb/IFX"
      + "fSJKEj0bycUPeBuMrDrDT6GozV604FoIndHLk+bIQQIBAw==";

  @Test
  void parsesAndReEncodesKeysFromPython() throws Exception {
    assertEquals(2048, PublicKeys.parseRsa(RSA).getModulus().bitLength());
    assertEquals(RSA, PublicKeys.encode(PublicKeys.parseRsa(RSA)));
    assertEquals(ED25519, PublicKeys.encode(PublicKeys.parseEd25519(ED25519)));
  }

  @ParameterizedTest
  @ValueSource(ints = {2048, 3072, 4096})
  void acceptsTheAllowedRsaSizes(int bits) throws Exception {
    var pair = bits == 2048 ? TestIdentities.fresh().rsa() : TestIdentities.rsa(bits);
    String b64 = PublicKeys.encode(pair.getPublic());
    assertEquals(bits, PublicKeys.parseRsa(b64).getModulus().bitLength());
  }

  @Test
  void rejectsOtherRsaSizesAndExponents() throws Exception {
    var gen = java.security.KeyPairGenerator.getInstance("RSA");
    gen.initialize(1024);
    String small = PublicKeys.encode(gen.generateKeyPair().getPublic());
    CryptoException e = assertThrows(CryptoException.class, () -> PublicKeys.parseRsa(small));
    assertTrue(e.getMessage().contains("1024 bits"), e.getMessage());
    e = assertThrows(CryptoException.class, () -> PublicKeys.parseRsa(RSA_E3));
    assertTrue(e.getMessage().contains("65537"), e.getMessage());
  }

  @Test
  void rejectsMalformedInput() {
    String unpadded = ED25519.substring(0, ED25519.length() - 1);
    String urlSafe = RSA.replace('+', '-').replace('/', '_');
    byte[] der = Base64.getDecoder().decode(ED25519);
    byte[] trailing = java.util.Arrays.copyOf(der, der.length + 4);
    for (String bad : new String[] {null, "", "!!!!", unpadded, urlSafe, "AAAA",
        Base64.getEncoder().encodeToString(trailing)}) {
      assertThrows(CryptoException.class, () -> PublicKeys.parseRsa(bad));
      assertThrows(CryptoException.class, () -> PublicKeys.parseEd25519(bad));
    }
  }

  @Test
  void rejectsEachKindInTheOtherRole() {
    assertThrows(CryptoException.class, () -> PublicKeys.parseRsa(ED25519));
    assertThrows(CryptoException.class, () -> PublicKeys.parseEd25519(RSA));
  }

  @Test
  void fingerprintMatchesPython() throws Exception {
    // sha256(rsa_spki_der + ed25519_spki_der), computed with python3-cryptography.
    Fingerprint fp = PeerKeys.parse("bob", RSA, ED25519).fingerprint();
    assertEquals(KeyFilesTest.PYTHON_FP, fp.hex());
    assertEquals("9d7d 1cdf ea3d 0c88 9afb 8ab3 ada5 c800 "
        + "2127 f188 b376 a7f6 34c1 8a07 4b63 7239", fp.grouped());
    assertEquals("9d7d 1cdf ea3d 0c88", fp.shortForm());
    assertEquals(fp, Fingerprint.parse(fp.grouped()));
    assertThrows(IllegalArgumentException.class, () -> new Fingerprint("abc"));
  }

  @Test
  void identityAnnouncesKeysThatParseBack() throws Exception {
    Identity me = Identity.generate(2048);
    PeerKeys seen = PeerKeys.parse("me", me.encKey(), me.sigKey());
    assertEquals(me.fingerprint(), seen.fingerprint());
    assertEquals(me.asPeer("me").fingerprint(), seen.fingerprint());
    assertThrows(CryptoException.class, () -> Identity.generate(1024));
    assertTrue(!me.toString().contains(me.encKey()));
  }
}
