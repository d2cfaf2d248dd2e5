package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageSealer;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.Signatures;
import dev.chatroom.crypto.SigningInput;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.protocol.Frame;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PROTOCOL.md section 5 "Receiving" and trust on first use, against the real client: whatever
 * fails is never on stdout, and stderr carries one warning naming the sender and the reason.
 */
class ReceivingSafelyTest extends ClientTestBase {

  @Override
  String[] protocolArgs() { return V1; }

  @Test
  @Timeout(60)
  void tamperedReplayedForgedAndFutureMessagesAreDropped() throws Exception {
    ChatProcess bob = chat("bob");
    bob.awaitErr("joined lobby as bob");
    RawPeer mallory = raw("mallory", "lobby", TestIdentities.fresh());
    bob.awaitErr("mallory joined");

    Frame.Message first = mallory.seal("first", "bob");
    mallory.send(first);
    mallory.send(first); // replayed byte for byte

    Frame.Message t = mallory.seal("second", "bob");
    mallory.send(withToken(t, flip(t.encryptedMessage()))); // altered in transit: signature fails

    Identity forger = TestIdentities.fresh();
    Frame.Message forged = new MessageSealer().seal(forger, "mallory", "lobby",
        Payload.text("forged").encode(), java.util.Map.of("bob", mallory.memberEncKey("bob")));
    mallory.send(forged); // signed by a key mallory did not join with

    // Re-signed after altering the token: the signature holds, the Fernet HMAC does not.
    Frame.Message u = mallory.seal("third", "bob");
    Frame.Message resigned = withToken(u, flip(u.encryptedMessage()));
    byte[] sig = Signatures.sign(mallory.id.ed25519().getPrivate(), SigningInput.of(resigned.room(),
        resigned.from(), resigned.id(), resigned.sent(), resigned.encryptedMessage(), resigned.encryptedKeys()));
    mallory.send(withSignature(resigned, Base64.getEncoder().encodeToString(sig)));

    MessageSealer future = new MessageSealer(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));
    mallory.send(mallory.seal(future, Payload.text("from the future"), "bob"));

    mallory.send(mallory.seal("evil\u001b[2J\nnext line\u202e", "bob"));
    mallory.send(mallory.seal("last", "bob"));

    bob.awaitOut("mallory: first", "mallory: evil\uFFFD[2J\uFFFDnext line\uFFFD", "mallory: last");
    bob.awaitErr("dropped a message from mallory: ", 5);
    assertEquals(1, bob.errCount("mallory: replayed"), bob.err().toString());
    assertEquals(2, bob.errCount("mallory: invalid signature"), bob.err().toString());
    assertEquals(1, bob.errCount("mallory: it could not be decrypted"), bob.err().toString());
    assertEquals(1, bob.errCount("mallory: dated more than 5 minutes in the future"), bob.err().toString());
    assertEquals(0, bob.finish());
    assertEquals(3, bob.out().size());
  }

  @Test
  @Timeout(60)
  void changedKeysAreRefusedUntilTrusted() throws Exception {
    ChatProcess alice = chat("alice");
    alice.awaitErr("joined lobby as alice");
    RawPeer bob = raw("bob", "lobby", TestIdentities.fresh());
    alice.awaitErr("bob joined");
    bob.send(bob.seal("hi, it is bob", "alice"));
    bob.await(Frame.Ack.class);
    bob.close();
    alice.awaitErr("bob left");

    RawPeer impostor = raw("bob", "lobby", TestIdentities.fresh());
    alice.awaitErr("THE KEYS OF bob HAVE CHANGED");
    impostor.send(impostor.seal("trust me", "alice"));
    alice.awaitErr("dropped a message from bob: their keys changed");
    alice.type("anyone there?");
    alice.awaitErr("not encrypting to bob");
    alice.awaitErr("not sent (nobody else is in lobby)");
    alice.type("/msg bob secret");
    alice.awaitErr("not sent: bob's keys changed");
    assertTrue(impostor.noMessageFor(300), "nothing may be encrypted to a changed key");

    alice.type("/fp bob", "/trust bob");
    alice.awaitErr("previously pinned:");
    alice.awaitErr("bob's fingerprint: " + impostor.id.fingerprint().grouped() + " (KEYS CHANGED, untrusted)");
    alice.awaitErr("then type /trust bob FINGERPRINT");
    assertEquals(0, alice.errCount("trusted bob"), "a bare /trust only shows what to compare");
    alice.type("/trust bob " + impostor.id.fingerprint().hex().substring(0, 16));
    alice.awaitErr("trusted bob: " + impostor.id.fingerprint().grouped());
    impostor.send(impostor.seal("now trusted", "alice"));
    alice.awaitOut("bob: hi, it is bob", "bob: now trusted");
    alice.type("welcome back");
    assertEquals("welcome back", impostor.receive().text());
    assertEquals(0, alice.finish());
    String pins = Files.readString(temp.resolve("alice/known_peers"));
    assertTrue(pins.contains(impostor.id.fingerprint().hex() + " verified"), pins);
  }

  @Test
  @Timeout(60)
  void keysSwappedBetweenFpAndTrustAreNotTrusted() throws Exception {
    ChatProcess alice = chat("alice");
    alice.awaitErr("joined lobby as alice");
    RawPeer bob = raw("bob", "lobby", TestIdentities.fresh());
    alice.awaitErr("bob joined");
    bob.close();
    alice.awaitErr("bob left");
    RawPeer shown = raw("bob", "lobby", TestIdentities.fresh());
    alice.awaitErr("THE KEYS OF bob HAVE CHANGED");
    alice.type("/fp bob");
    alice.awaitErr("bob: " + shown.id.fingerprint().grouped() + " (KEYS CHANGED, untrusted)");
    // The relay swaps the keys behind the nick after the user compared them.
    shown.close();
    alice.awaitErr("bob left", 2);
    RawPeer swapped = raw("bob", "lobby", TestIdentities.fresh());
    alice.awaitErr("THE KEYS OF bob HAVE CHANGED", 2);
    alice.type("/trust bob " + shown.id.fingerprint().grouped());
    alice.awaitErr("not trusted: bob's keys now have fingerprint " + swapped.id.fingerprint().grouped());
    swapped.send(swapped.seal("trust me", "alice"));
    alice.awaitErr("dropped a message from bob: their keys changed");
    alice.type("/msg bob secret");
    alice.awaitErr("not sent: bob's keys changed");
    assertTrue(swapped.noMessageFor(300), "nothing may be encrypted to the swapped key");
    assertEquals(0, alice.finish());
    assertEquals(List.of(), alice.out());
    String pins = Files.readString(temp.resolve("alice/known_peers"));
    assertTrue(pins.contains(bob.id.fingerprint().hex() + " unverified"), "the first pin stands: " + pins);
  }

  private static String flip(String token) {
    char[] c = token.toCharArray();
    int i = c.length / 2;
    c[i] = c[i] == 'A' ? 'B' : 'A';
    return new String(c);
  }

  private static Frame.Message withToken(Frame.Message m, String token) {
    return new Frame.Message(m.id(), m.room(), m.from(), m.sent(), token, m.encryptedKeys(), m.signature());
  }

  private static Frame.Message withSignature(Frame.Message m, String sig) {
    return new Frame.Message(m.id(), m.room(), m.from(), m.sent(), m.encryptedMessage(), m.encryptedKeys(), sig);
  }
}
