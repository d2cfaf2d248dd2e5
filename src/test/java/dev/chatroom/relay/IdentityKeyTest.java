package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.crypto.Identity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityKeyTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "0000000000000000000000000000000000000000000000000000000000000000",
      "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      "0123456789abcdef00000000000000018000000000000000fedcba9876543210"})
  void roundTripsTheHex(String hex) {
    assertEquals(hex, IdentityKey.ofHex(hex).hex());
  }

  @Test
  void aRealFingerprintRoundTripsAndTwoIdentitiesDiffer() throws Exception {
    Identity one = Identity.generate(2048);
    Identity two = Identity.generate(2048);
    String a = Fingerprint.of(one.rsa().getPublic(), one.ed25519().getPublic()).hex();
    String b = Fingerprint.of(two.rsa().getPublic(), two.ed25519().getPublic()).hex();
    assertEquals(a, IdentityKey.ofHex(a).hex());
    assertEquals(IdentityKey.ofHex(a), IdentityKey.ofHex(a));
    assertNotEquals(IdentityKey.ofHex(a), IdentityKey.ofHex(b));
  }

  @Test
  void refusesWhatIsNotAFingerprint() {
    assertThrows(IllegalArgumentException.class, () -> IdentityKey.ofHex("abc"));
    assertThrows(IllegalArgumentException.class, () -> IdentityKey.ofHex(null));
    assertThrows(IllegalArgumentException.class, () -> IdentityKey.ofHex("z".repeat(64)));
  }
}
