package dev.chatroom.crypto.senderkey;

import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.crypto.PeerKeys;
import dev.chatroom.crypto.SigningInput;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Who still needs my chain before my next message (section 12, "Senders"): at the start of
 * an epoch every trusted member, later each member who joined since, at my current index;
 * never an untrusted or changed key. Pure.
 */
public final class KeyDistribution {
  private KeyDistribution() {}

  /** The members of {@code members} (not {@code me}) to send a sender_key now, sorted by nick. */
  public static List<PeerKeys> needingKey(EpochFacts epoch, Collection<MemberView> members,
                                          String me) {
    List<PeerKeys> out = new ArrayList<>();
    for (MemberView m : members) {
      if (m.nick().equals(me) || !m.trusted()) {
        continue;
      }
      Fingerprint held = epoch.holders().get(m.nick());
      // A holder under other keys is a changed key: rotation answers that, never a re-send.
      if (held == null) {
        out.add(m.keys());
      }
    }
    out.sort(Comparator.comparing(PeerKeys::nick, SigningInput.BYTE_ORDER));
    return out;
  }
}
