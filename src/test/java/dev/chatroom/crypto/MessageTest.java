package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.MessageRejected.Reason;
import dev.chatroom.protocol.Frame;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageTest {
  static final Instant NOW = Instant.parse("2025-11-26T04:26:40.123Z");
  private static Identity alice;
  private static Identity bob;
  private static Identity carol;
  private static Identity dave;

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final MessageSealer sealer = new MessageSealer(clock);
  private MessageOpener opener;
  private final byte[] payload = Payload.text("Hello everyone!").encode();

  @BeforeAll
  static void identities() throws Exception {
    alice = TestIdentities.fresh();
    bob = TestIdentities.fresh();
    carol = TestIdentities.fresh();
    dave = TestIdentities.fresh();
  }

  @BeforeEach
  void freshOpener() {
    opener = new MessageOpener(clock, new ReplayGuard());
  }

  private static Map<String, PublicKey> to(Object... nickAndIdentity) {
    Map<String, PublicKey> map = new LinkedHashMap<>();
    for (int i = 0; i < nickAndIdentity.length; i += 2) {
      map.put((String) nickAndIdentity[i], ((Identity) nickAndIdentity[i + 1]).rsa().getPublic());
    }
    return map;
  }

  private Frame.Message toBob() throws CryptoException {
    return sealer.seal(alice, "alice", "lobby", payload, to("bob", bob));
  }

  private byte[] openAs(Frame.Message m, String nick, Identity who) throws MessageRejected {
    return opener.open(m, alice.ed25519().getPublic(), nick, who.rsa().getPrivate());
  }

  private void assertRejected(Reason reason, Frame.Message m, String nick, Identity who) {
    MessageRejected e = assertThrows(MessageRejected.class, () -> openAs(m, nick, who));
    assertEquals(reason, e.reason(), e.getMessage());
  }

  @Test
  void roundTripToOneRecipient() throws Exception {
    Frame.Message m = toBob();
    assertEquals(4, UUID.fromString(m.id()).version());
    assertEquals(NOW.toEpochMilli(), m.sent());
    assertEquals(64, Base64.getDecoder().decode(m.signature()).length);
    assertEquals(Payload.text("Hello everyone!"), Payload.decode(openAs(m, "bob", bob)));
  }

  @Test
  void roundTripToThreeRecipients() throws Exception {
    Frame.Message m = sealer.seal(alice, "alice", "lobby", payload,
        to("dave", dave, "carol", carol, "bob", bob));
    assertEquals(java.util.List.of("bob", "carol", "dave"),
        java.util.List.copyOf(m.encryptedKeys().keySet()));
    assertArrayEquals(payload, openAs(m, "bob", bob));
    freshOpener(); // each recipient runs its own client, with its own replay memory
    assertArrayEquals(payload, openAs(m, "carol", carol));
    freshOpener();
    assertArrayEquals(payload, openAs(m, "dave", dave));
  }

  @Test
  void tamperedToken() throws Exception {
    Frame.Message m = toBob();
    char[] token = m.encryptedMessage().toCharArray();
    token[40] = token[40] == 'A' ? 'B' : 'A';
    assertRejected(Reason.BAD_SIGNATURE, with(m, new String(token), m.encryptedKeys()), "bob", bob);
  }

  @Test
  void tamperedTokenWithValidSignatureFailsDecrypt() throws Exception {
    // A sender (not the relay) can sign a broken token; the HMAC still stops it.
    Frame.Message m = toBob();
    char[] token = m.encryptedMessage().toCharArray();
    token[40] = token[40] == 'A' ? 'B' : 'A';
    assertRejected(Reason.DECRYPT_FAILED,
        resign(with(m, new String(token), m.encryptedKeys()), alice), "bob", bob);
  }

  @Test
  void tamperedEncryptedKey() throws Exception {
    Frame.Message m = toBob();
    byte[] wrapped = Base64.getDecoder().decode(m.encryptedKeys().get("bob"));
    wrapped[10] ^= 1;
    SortedMap<String, String> keys = new TreeMap<>(Map.of("bob",
        Base64.getEncoder().encodeToString(wrapped)));
    assertRejected(Reason.BAD_SIGNATURE, with(m, m.encryptedMessage(), keys), "bob", bob);
    assertRejected(Reason.UNWRAP_FAILED, resign(with(m, m.encryptedMessage(), keys), alice),
        "bob", bob);
  }

  @Test
  void wrongRecipientKey() throws Exception {
    assertRejected(Reason.UNWRAP_FAILED, toBob(), "bob", carol);
  }

  @Test
  void forgedSignature() throws Exception {
    assertRejected(Reason.BAD_SIGNATURE, resign(toBob(), carol), "bob", bob);
  }

  @Test
  void missingOrGarbageSignature() throws Exception {
    Frame.Message m = toBob();
    for (String sig : new String[] {"", "%%%%", "AAAA", Base64.getEncoder().encodeToString(new byte[64])}) {
      assertRejected(Reason.BAD_SIGNATURE, withSignature(m, sig), "bob", bob);
    }
    assertRejected(Reason.MALFORMED, withSignature(m, null), "bob", bob);
  }

  @Test
  void notAmongRecipients() throws Exception {
    assertRejected(Reason.NOT_A_RECIPIENT, toBob(), "carol", carol);
  }

  @Test
  void replayedId() throws Exception {
    Frame.Message m = toBob();
    openAs(m, "bob", bob);
    assertRejected(Reason.REPLAY, m, "bob", bob);
  }

  @Test
  void timestampSixMinutesAhead() throws Exception {
    MessageSealer fast = new MessageSealer(Clock.offset(clock, Duration.ofMinutes(6)));
    Frame.Message m = fast.seal(alice, "alice", "lobby", payload, to("bob", bob));
    assertRejected(Reason.FUTURE_TIMESTAMP, m, "bob", bob);
    MessageSealer slightlyFast = new MessageSealer(Clock.offset(clock, Duration.ofMinutes(4)));
    assertArrayEquals(payload, openAs(
        slightlyFast.seal(alice, "alice", "lobby", payload, to("bob", bob)), "bob", bob));
  }

  @Test
  void bareMessageOlderThanTenMinutesIsAReplay() throws Exception {
    MessageSealer threeDaysAgo = new MessageSealer(Clock.offset(clock, Duration.ofDays(-3)));
    assertRejected(Reason.TOO_OLD,
        threeDaysAgo.seal(alice, "alice", "lobby", payload, to("bob", bob)), "bob", bob);
    MessageSealer elevenMinutes = new MessageSealer(Clock.offset(clock, Duration.ofMinutes(-11)));
    assertRejected(Reason.TOO_OLD,
        elevenMinutes.seal(alice, "alice", "lobby", payload, to("bob", bob)), "bob", bob);
    MessageSealer nineMinutes = new MessageSealer(Clock.offset(clock, Duration.ofMinutes(-9)));
    assertArrayEquals(payload, openAs(
        nineMinutes.seal(alice, "alice", "lobby", payload, to("bob", bob)), "bob", bob));
  }

  @Test
  void insideADeliveryAgeAndIdAreLeftToSeq() throws Exception {
    MessageSealer threeDaysAgo = new MessageSealer(Clock.offset(clock, Duration.ofDays(-3)));
    Frame.Message stored = threeDaysAgo.seal(alice, "alice", "lobby", payload, to("bob", bob));
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(payload, opener.open(stored, alice.ed25519().getPublic(), "bob",
          bob.rsa().getPrivate(), MessageOpener.Carrier.IN_DELIVERY));
    }
    MessageSealer fast = new MessageSealer(Clock.offset(clock, Duration.ofMinutes(6)));
    Frame.Message future = fast.seal(alice, "alice", "lobby", payload, to("bob", bob));
    MessageRejected e = assertThrows(MessageRejected.class, () -> opener.open(future,
        alice.ed25519().getPublic(), "bob", bob.rsa().getPrivate(), MessageOpener.Carrier.IN_DELIVERY));
    assertEquals(Reason.FUTURE_TIMESTAMP, e.reason());
  }

  @Test
  void recipientMapAlteredAfterSigning() throws Exception {
    Frame.Message m = sealer.seal(alice, "alice", "lobby", payload, to("bob", bob, "carol", carol));
    SortedMap<String, String> fewer = new TreeMap<>(m.encryptedKeys());
    fewer.remove("carol");
    assertRejected(Reason.BAD_SIGNATURE, with(m, m.encryptedMessage(), fewer), "bob", bob);
    SortedMap<String, String> more = new TreeMap<>(m.encryptedKeys());
    more.put("dave", more.get("bob"));
    assertRejected(Reason.BAD_SIGNATURE, with(m, m.encryptedMessage(), more), "bob", bob);
  }

  @Test
  void otherSignedFieldsAreCovered() throws Exception {
    Frame.Message m = toBob();
    Frame.Message[] altered = {
        new Frame.Message(UUID.randomUUID().toString(), m.room(), m.from(), m.sent(),
            m.encryptedMessage(), m.encryptedKeys(), m.signature()),
        new Frame.Message(m.id(), "ops", m.from(), m.sent(), m.encryptedMessage(),
            m.encryptedKeys(), m.signature()),
        new Frame.Message(m.id(), m.room(), m.from(), m.sent() - 1, m.encryptedMessage(),
            m.encryptedKeys(), m.signature())};
    for (Frame.Message a : altered) {
      assertRejected(Reason.BAD_SIGNATURE, a, "bob", bob);
    }
  }

  @Test
  void payloadJson() throws Exception {
    assertEquals("{\"text\":\"hi\"}", new String(Payload.text("hi").encode(), StandardCharsets.UTF_8));
    assertEquals("{\"text\":\"waves\",\"action\":true,\"private\":true}",
        new String(new Payload("waves", true, true).encode(), StandardCharsets.UTF_8));
    assertEquals(new Payload("x", true, false), Payload.decode(
        "{\"text\":\"x\",\"action\":true,\"future\":{\"a\":1}}".getBytes(StandardCharsets.UTF_8)));
    for (String bad : new String[] {"", "[]", "{}", "{\"text\":5}", "{\"text\":\"x\",\"action\":\"yes\"}", "{"}) {
      assertThrows(CryptoException.class, () -> Payload.decode(bad.getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void aHundredRecipientsEachOpenTheirCopy() throws Exception {
    // speed is measured by JMH (CryptoBenchmark), never by a timed unit test
    Identity big = new Identity(TestIdentities.rsa(3072), alice.ed25519());
    Map<String, PublicKey> hundred = new LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      hundred.put("user" + i, big.rsa().getPublic());
    }
    Frame.Message m = sealer.seal(alice, "alice", "lobby", payload, hundred);
    assertEquals(100, m.encryptedKeys().size());
    assertArrayEquals(payload, opener.open(m, alice.ed25519().getPublic(), "user42", big.rsa().getPrivate()));
  }

  private static Frame.Message with(Frame.Message m, String token, SortedMap<String, String> keys) {
    return new Frame.Message(m.id(), m.room(), m.from(), m.sent(), token, keys, m.signature());
  }

  private static Frame.Message withSignature(Frame.Message m, String signature) {
    return new Frame.Message(m.id(), m.room(), m.from(), m.sent(), m.encryptedMessage(),
        m.encryptedKeys(), signature);
  }

  private static Frame.Message resign(Frame.Message m, Identity signer) throws CryptoException {
    byte[] sig = Signatures.sign(signer.ed25519().getPrivate(), SigningInput.of(m.room(), m.from(),
        m.id(), m.sent(), m.encryptedMessage(), m.encryptedKeys()));
    return withSignature(m, Base64.getEncoder().encodeToString(sig));
  }
}
