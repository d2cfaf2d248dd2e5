package dev.chatroom.crypto.senderkey;

import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.crypto.PeerKeys;
import dev.chatroom.crypto.TrustStore;

/**
 * A current member of the room as the rules see it: the keys it announced and whether we
 * trust them now ({@link TrustStore.Check#trusted()}: not a changed key).
 */
public record MemberView(PeerKeys keys, boolean trusted) {
  public String nick() {
    return keys.nick();
  }

  public Fingerprint fingerprint() {
    return keys.fingerprint();
  }

  public static MemberView of(PeerKeys keys, TrustStore.Check check) {
    return new MemberView(keys, check.trusted() && keys.fingerprint().equals(check.seen()));
  }
}
