package dev.chatroom.crypto;

import java.nio.file.Path;

/** A second process on one identity folder: pins {@code count} nicks, saving after each. */
public final class PinWriter {
  private PinWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    PeerKeys keys = PeerKeys.parse("x", PublicKeysTest.RSA, PublicKeysTest.ED25519);
    try (TrustStore store = TrustStore.open(dir)) {
      for (int i = 0; i < Integer.parseInt(args[2]); i++) {
        String nick = args[1] + i;
        store.checkSender(new PeerKeys(nick, keys.encKey(), keys.sigKey(), keys.encKeyB64(),
            keys.sigKeyB64(), keys.fingerprint()));
        store.flush();
      }
    }
  }
}
