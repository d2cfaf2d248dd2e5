package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatroom.crypto.senderkey.GroupOpener;
import dev.chatroom.crypto.senderkey.MissingKeys;
import dev.chatroom.crypto.senderkey.Ratchet;
import dev.chatroom.crypto.senderkey.ReceiverKeys;
import dev.chatroom.protocol.Frame;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROTOCOL.md section 12 against vectors/senderkeys/vectors.json, which generate.py computed
 * with python3-cryptography: the ratchet, Fernet tokens, both signing inputs and signatures,
 * the RSA-OAEP wrapped chain key, and the whole open path.
 */
class SenderKeyVectorsTest {
  private static final JsonNode V = Vectors.read("senderkeys/vectors.json");
  private static final HexFormat HEX = HexFormat.of();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"),
      ZoneOffset.UTC);

  @TempDir
  Path tmp;

  @Test
  void theRatchetDerivesTheVectorsKeys() {
    byte[] ck = HEX.parseHex(V.get("chain_key_0").asText());
    long at = 0;
    for (JsonNode m : V.get("messages")) {
      for (; at < m.get("index").asLong(); at++) {
        ck = Ratchet.nextChainKey(ck);
      }
      assertEquals(m.get("chain_key").asText(), HEX.formatHex(ck), "CK_" + at);
      byte[] mk = Ratchet.messageKey(ck);
      assertEquals(m.get("message_key").asText(), HEX.formatHex(mk), "MK_" + at);
      assertEquals(m.get("next_chain_key").asText(), HEX.formatHex(Ratchet.nextChainKey(ck)));
      assertEquals(m.get("fernet_key").asText(), Ratchet.fernetKey(mk));
    }
  }

  @Test
  void tokensAndGroupSignaturesMatch() throws Exception {
    byte[] payload = b64(V.get("payload_utf8_b64"));
    assertArrayEquals(payload, Payload.text("Grüße, sender keys!").encode(),
        "the payload is the one our client would write");
    PrivateKey ed = ed25519(HEX.parseHex(V.get("ed25519_seed").asText()));
    for (JsonNode m : V.get("messages")) {
      byte[] mk = HEX.parseHex(m.get("message_key").asText());
      String token = Fernet.encrypt(Ratchet.fernetKey(mk), payload, m.get("fernet_time").asLong(),
          HEX.parseHex(m.get("fernet_iv").asText()));
      assertEquals(m.get("token").asText(), token);
      Frame.GroupMessage f = groupMessage(m.get("frame"));
      byte[] signed = SenderKeySigningInput.groupMessage(f.room(), f.from(), f.id(), f.sent(),
          f.epoch(), f.index(), f.encryptedMessage());
      assertArrayEquals(b64(m.get("signing_input_b64")), signed);
      assertEquals(f.signature(), Base64.getEncoder().encodeToString(Signatures.sign(ed, signed)));
    }
  }

  @Test
  void theSenderKeySigningInputSortsByBytesAndItsSignatureMatches() throws Exception {
    JsonNode sk = V.get("sender_key");
    Frame.SenderKey f = senderKey(sk.get("frame"));
    List<String> order = new ArrayList<>();
    sk.get("recipient_order").forEach(n -> order.add(n.asText()));
    assertEquals(List.of("Carol", "_dave", "bob"), order);
    assertEquals(order, List.copyOf(f.encryptedKeys().keySet()));
    byte[] signed = SenderKeySigningInput.senderKey(f.room(), f.from(), f.id(), f.sent(),
        f.epoch(), f.index(), f.encryptedKeys());
    assertArrayEquals(b64(sk.get("signing_input_b64")), signed);
    PrivateKey ed = ed25519(HEX.parseHex(V.get("ed25519_seed").asText()));
    assertEquals(f.signature(), Base64.getEncoder().encodeToString(Signatures.sign(ed, signed)));
  }

  @Test
  void pythonsFramesOpenEndToEnd() throws Exception {
    Identity bob = KeyFiles.load(KeyFilesTest.fixture(tmp, "python-plain"), null);
    PublicKey aliceSig = PublicKeys.parseEd25519(V.get("ed25519_spki_b64").asText());
    ReceiverKeys keys = new ReceiverKeys();
    MissingKeys missing = new MissingKeys();
    GroupOpener opener = new GroupOpener(keys, missing, CLOCK);
    Frame.SenderKey sk = senderKey(V.get("sender_key").get("frame"));
    assertEquals(ReceiverKeys.Added.ADDED,
        opener.accept(sk, aliceSig, "bob", bob.rsa().getPrivate()));
    byte[] payload = b64(V.get("payload_utf8_b64"));
    for (JsonNode m : V.get("messages")) {
      Frame.GroupMessage f = groupMessage(m.get("frame"));
      if (f.index() < sk.index()) {
        continue; // before the key's index: not derivable, by design
      }
      assertArrayEquals(payload, opener.open(f, aliceSig));
    }
    // CK_0 itself (a receiver from the start) opens all of them.
    ReceiverKeys fromStart = new ReceiverKeys();
    fromStart.add("lobby", "alice", V.get("epoch").asText(), V.get("ed25519_spki_b64").asText(),
        HEX.parseHex(V.get("chain_key_0").asText()), 0);
    GroupOpener all = new GroupOpener(fromStart, missing, CLOCK);
    for (JsonNode m : V.get("messages")) {
      assertArrayEquals(payload, all.open(groupMessage(m.get("frame")), aliceSig));
    }
  }

  private static Frame.GroupMessage groupMessage(JsonNode j) {
    return new Frame.GroupMessage(j.get("id").asText(), j.get("room").asText(),
        j.get("from").asText(), j.get("sent").asLong(), j.get("epoch").asText(),
        j.get("index").asLong(), j.get("encrypted_message").asText(), j.get("signature").asText());
  }

  private static Frame.SenderKey senderKey(JsonNode j) {
    TreeMap<String, String> keys = new TreeMap<>(SigningInput.BYTE_ORDER);
    j.get("encrypted_keys").properties().forEach(e -> keys.put(e.getKey(), e.getValue().asText()));
    return new Frame.SenderKey(j.get("id").asText(), j.get("room").asText(),
        j.get("from").asText(), j.get("sent").asLong(), j.get("epoch").asText(),
        j.get("index").asLong(), keys, j.get("signature").asText());
  }

  /** RFC 8410 PKCS#8 of a raw Ed25519 seed. */
  private static PrivateKey ed25519(byte[] seed) throws Exception {
    byte[] der = HEX.parseHex("302e020100300506032b657004220420" + HEX.formatHex(seed));
    return KeyFactory.getInstance("Ed25519", Signatures.BC)
        .generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  private static byte[] b64(JsonNode node) {
    return Base64.getDecoder().decode(node.asText());
  }
}
