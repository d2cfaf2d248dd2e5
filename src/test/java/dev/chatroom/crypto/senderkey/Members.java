package dev.chatroom.crypto.senderkey;

import dev.chatroom.crypto.CryptoException;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.PeerKeys;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.protocol.Frame;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Real RSA-2048 + Ed25519 identities, made once per test JVM (key generation is slow). */
final class Members {
  static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Map<String, Identity> IDENTITIES = new HashMap<>();

  private Members() {}

  static synchronized Identity identity(String nick) {
    return IDENTITIES.computeIfAbsent(nick, n -> {
      try {
        return TestIdentities.fresh();
      } catch (CryptoException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  static PeerKeys peer(String nick) {
    return identity(nick).asPeer(nick);
  }

  static MemberView trusted(String nick) {
    return new MemberView(peer(nick), true);
  }

  /** One member's receiving side: its own keys, opener and missing-key counter. */
  static final class Receiver {
    final String nick;
    final ReceiverKeys keys;
    final MissingKeys missing = new MissingKeys();
    final GroupOpener opener;

    Receiver(String nick) {
      this(nick, new ReceiverKeys());
    }

    Receiver(String nick, ReceiverKeys keys) {
      this.nick = nick;
      this.keys = keys;
      this.opener = new GroupOpener(keys, missing, CLOCK);
    }

    ReceiverKeys.Added accept(Frame.SenderKey f, String from)
        throws GroupRejected {
      return opener.accept(f, identity(from).ed25519().getPublic(), nick,
          identity(nick).rsa().getPrivate());
    }

    String open(Frame.GroupMessage m, String from) throws Exception {
      byte[] payload = opener.open(m, identity(from).ed25519().getPublic());
      return Payload.decode(payload).text();
    }
  }
}
