package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatroom.protocol.Frame;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A message built by an independent implementation (python3-cryptography) opens here. */
class InteropTest {
  @TempDir Path tmp;

  @Test
  void opensAMessageBuiltByPython() throws Exception {
    JsonNode json;
    try (InputStream in = getClass().getResourceAsStream("/fixtures/messages/python_message.json")) {
      json = new ObjectMapper().readTree(in);
    }
    TreeMap<String, String> keys = new TreeMap<>(SigningInput.BYTE_ORDER);
    json.get("encrypted_keys").properties().forEach(e -> keys.put(e.getKey(), e.getValue().asText()));
    Frame.Message m = new Frame.Message(json.get("id").asText(), json.get("room").asText(),
        json.get("from").asText(), json.get("sent").asLong(), json.get("encrypted_message").asText(),
        keys, json.get("signature").asText());

    Identity alice = KeyFiles.load(KeyFilesTest.fixture(tmp, "python-plain"), null);
    Identity bob = KeyFiles.load(KeyFilesTest.fixture(tmp, "openssl-plain"), null);
    Clock clock = Clock.fixed(Instant.ofEpochMilli(m.sent()).plusSeconds(2), ZoneOffset.UTC);
    MessageOpener opener = new MessageOpener(clock, new ReplayGuard());

    byte[] plain = opener.open(m, alice.ed25519().getPublic(), "bob", bob.rsa().getPrivate());
    assertEquals(new Payload("Grüße from Python", true, false), Payload.decode(plain));

    MessageRejected forged = assertThrows(MessageRejected.class, () -> new MessageOpener(clock,
        new ReplayGuard()).open(m, bob.ed25519().getPublic(), "bob", bob.rsa().getPrivate()));
    assertEquals(MessageRejected.Reason.BAD_SIGNATURE, forged.reason());
  }
}
