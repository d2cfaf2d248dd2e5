package dev.chatroom.crypto;

import dev.chatroom.protocol.Frame;
import dev.chatroom.protocol.Names;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/** Builds a signed, encrypted message frame (PROTOCOL.md section 5, "Building it"). */
public final class MessageSealer {
  private final Clock clock;

  public MessageSealer() {
    this(Clock.systemUTC());
  }

  /** With an injected clock for {@code sent}, for tests. */
  public MessageSealer(Clock clock) {
    this.clock = clock;
  }

  /**
   * Encrypts {@code payloadJson} under a fresh Fernet key, wraps that key for each recipient
   * (nick to RSA public key) and signs the result with {@code me}'s Ed25519 key.
   *
   * @throws IllegalArgumentException for an invalid nick or room, or no recipients
   */
  public Frame.Message seal(Identity me, String from, String room, byte[] payloadJson,
                            Map<String, PublicKey> recipientsEncKeys) throws CryptoException {
    if (!Names.isValidNick(from) || !Names.isValidRoom(room)) {
      throw new IllegalArgumentException("invalid sender nick or room");
    }
    if (recipientsEncKeys.isEmpty()) {
      throw new IllegalArgumentException("a message needs at least one recipient");
    }
    String fernetKey = Fernet.generateKey();
    String token = Fernet.encrypt(fernetKey, payloadJson);
    byte[] keyBytes = fernetKey.getBytes(StandardCharsets.US_ASCII);
    Base64.Encoder b64 = Base64.getEncoder();
    SortedMap<String, String> wrapped = new TreeMap<>(SigningInput.BYTE_ORDER);
    for (Map.Entry<String, PublicKey> r : recipientsEncKeys.entrySet()) {
      if (!Names.isValidNick(r.getKey())) {
        throw new IllegalArgumentException("invalid recipient nick");
      }
      wrapped.put(r.getKey(), b64.encodeToString(KeyWrap.wrap(r.getValue(), keyBytes)));
    }
    String id = UUID.randomUUID().toString();
    long sent = clock.millis();
    byte[] signature = Signatures.sign(me.ed25519().getPrivate(),
        SigningInput.of(room, from, id, sent, token, wrapped));
    return new Frame.Message(id, room, from, sent, token,
        Collections.unmodifiableSortedMap(wrapped), b64.encodeToString(signature));
  }
}
