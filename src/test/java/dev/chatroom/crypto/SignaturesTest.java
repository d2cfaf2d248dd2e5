package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SignaturesTest {

  static Stream<Arguments> wycheproof() {
    return Vectors.wycheproof("ed25519_test.json").stream()
        .map(c -> Arguments.of("#" + c[1].get("tcId").asInt() + " " + c[1].get("comment").asText(),
            c[0], c[1]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wycheproof")
  void followsWycheproof(String name, JsonNode group, JsonNode test) throws Exception {
    PublicKey key = PublicKeys.parseEd25519(Base64.getEncoder().encodeToString(
        Vectors.hex(group.get("publicKeyDer"))));
    boolean ok = Signatures.verify(key, Vectors.hex(test.get("msg")), Vectors.hex(test.get("sig")));
    assertEquals(test.get("result").asText().equals("valid"), ok);
  }

  @Test
  void signsAndVerifies() throws Exception {
    KeyPair me = KeyPairGenerator.getInstance("Ed25519", Signatures.BC).generateKeyPair();
    KeyPair other = KeyPairGenerator.getInstance("Ed25519", Signatures.BC).generateKeyPair();
    byte[] data = "chatroom-v1\nlobby".getBytes(StandardCharsets.UTF_8);
    byte[] sig = Signatures.sign(me.getPrivate(), data);
    assertEquals(64, sig.length);
    assertTrue(Signatures.verify(me.getPublic(), data, sig));
    assertFalse(Signatures.verify(other.getPublic(), data, sig));
    assertFalse(Signatures.verify(me.getPublic(), data, new byte[0]));
    assertFalse(Signatures.verify(me.getPublic(), data, null));
    assertFalse(Signatures.verify(null, data, sig));
  }

  @Test
  void signingInputIsTheProtocolLines() {
    TreeMap<String, String> keys = new TreeMap<>();
    keys.put("carol", "Qz==");
    keys.put("Bob", "Qg==");
    keys.put("bob", "Yg==");
    byte[] input = SigningInput.of("lobby", "alice", "id-1", 1764130000123L, "gAAAA", keys);
    assertArrayEquals(("chatroom-v1\nlobby\nalice\nid-1\n1764130000123\ngAAAA\n"
        + "Bob:Qg==\nbob:Yg==\ncarol:Qz==").getBytes(StandardCharsets.UTF_8), input);
  }

  @Test
  void signingInputSortsByBytesWhateverTheMapOrder() {
    TreeMap<String, String> reversed = new TreeMap<>(java.util.Comparator.reverseOrder());
    reversed.put("a", "1");
    reversed.put("b", "2");
    assertArrayEquals("chatroom-v1\nr\nf\ni\n0\nm\na:1\nb:2".getBytes(StandardCharsets.UTF_8),
        SigningInput.of("r", "f", "i", 0, "m", reversed));
  }

  @Test
  void signingInputRefusesAmbiguousFields() {
    TreeMap<String, String> keys = new TreeMap<>();
    assertThrows(IllegalArgumentException.class,
        () -> SigningInput.of("lobby\nx", "a", "i", 0, "m", keys));
    keys.put("a:b", "k");
    assertThrows(IllegalArgumentException.class,
        () -> SigningInput.of("lobby", "a", "i", 0, "m", keys));
  }
}
