package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FernetTest {

  static Stream<Arguments> cases(String file) {
    return StreamSupport.stream(Vectors.read("fernet/" + file).spliterator(), false)
        .map(v -> Arguments.of(v.has("desc") ? v.get("desc").asText() : v.get("src").asText(), v));
  }

  static Stream<Arguments> generate() { return cases("generate.json"); }

  static Stream<Arguments> verify() { return cases("verify.json"); }

  static Stream<Arguments> invalid() { return cases("invalid.json"); }

  private static long now(JsonNode v) {
    return OffsetDateTime.parse(v.get("now").asText()).toEpochSecond();
  }

  @ParameterizedTest(name = "generate {0}")
  @MethodSource("generate")
  void generatesTheSpecToken(String name, JsonNode v) throws Exception {
    byte[] iv = new byte[16];
    for (int i = 0; i < 16; i++) {
      iv[i] = (byte) v.get("iv").get(i).asInt();
    }
    String token = Fernet.encrypt(v.get("secret").asText(),
        v.get("src").asText().getBytes(StandardCharsets.UTF_8), now(v), iv);
    assertEquals(v.get("token").asText(), token);
  }

  @ParameterizedTest(name = "verify {0}")
  @MethodSource("verify")
  void verifiesTheSpecToken(String name, JsonNode v) throws Exception {
    byte[] plain = Fernet.decrypt(v.get("secret").asText(), v.get("token").asText(),
        v.get("ttl_sec").asLong(), now(v));
    assertArrayEquals(v.get("src").asText().getBytes(StandardCharsets.UTF_8), plain);
  }

  @ParameterizedTest(name = "invalid: {0}")
  @MethodSource("invalid")
  void rejectsTheSpecInvalidToken(String name, JsonNode v) {
    assertThrows(CryptoException.class, () -> Fernet.decrypt(v.get("secret").asText(),
        v.get("token").asText(), v.get("ttl_sec").asLong(), now(v)));
  }

  @Test
  void roundTripsWithAFreshKey() throws Exception {
    String key = Fernet.generateKey();
    assertEquals(44, key.length());
    byte[] plain = "{\"text\":\"Hello everyone!\"}".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(plain, Fernet.decrypt(key, Fernet.encrypt(key, plain)));
  }

  @Test
  void rejectsATokenUnderAnotherKey() throws Exception {
    String token = Fernet.encrypt(Fernet.generateKey(), new byte[] {1, 2, 3});
    assertThrows(CryptoException.class, () -> Fernet.decrypt(Fernet.generateKey(), token));
  }

  @Test
  void rejectsAMalformedKey() {
    assertThrows(CryptoException.class, () -> Fernet.encrypt("short", new byte[1]));
    assertThrows(CryptoException.class, () -> Fernet.decrypt("%%%%", "gAAAA"));
  }
}
