package dev.chatroom.crypto.senderkey;

import static dev.chatroom.crypto.senderkey.Members.CLOCK;
import static dev.chatroom.crypto.senderkey.Members.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.PeerKeys;
import dev.chatroom.protocol.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 1,000-member room at the crypto layer: one distribution frame, every member opens
 * every line, and a line is the same size as in a room of two.
 */
class LargeRoomTest {
  private static final int MEMBERS = 1_000;

  @Test
  void everyMemberOfAThousandOpensLinesOfTheSameSizeAsInARoomOfTwo() throws Exception {
    Identity shared = identity("member"); // one RSA key for all: unwrapping costs the same
    List<PeerKeys> others = new ArrayList<>();
    for (int i = 0; i < MEMBERS - 2; i++) { // alice, bob and 998 others
      PeerKeys p = shared.asPeer("m" + i);
      others.add(p);
    }
    others.add(Members.peer("bob"));
    GroupSealer sealer = new GroupSealer(CLOCK);
    SenderChain big = SenderChain.start("lobby", CLOCK);
    List<Frame.SenderKey> keys = sealer.distribute(identity("alice"), "alice", big, others);
    assertEquals(1, keys.size(), "999 recipients fit one frame");

    Map<String, GroupOpener> openers = new HashMap<>();
    for (Frame.SenderKey k : keys) {
      for (String nick : k.encryptedKeys().keySet()) {
        GroupOpener o = new GroupOpener(new ReceiverKeys(), new MissingKeys(), CLOCK);
        Identity mine = nick.equals("bob") ? identity("bob") : shared;
        assertEquals(ReceiverKeys.Added.ADDED, o.accept(k, identity("alice").ed25519().getPublic(),
            nick, mine.rsa().getPrivate()));
        openers.put(nick, o);
      }
    }
    assertEquals(MEMBERS - 1, openers.size());

    SenderChain small = SenderChain.start("lobby", CLOCK);
    sealer.distribute(identity("alice"), "alice", small, List.of(Members.peer("bob")));
    for (int line = 0; line < 3; line++) {
      Payload p = Payload.text("line " + line + " " + "x".repeat(1000));
      Frame.GroupMessage m = sealer.seal(identity("alice"), "alice", big, p);
      Frame.GroupMessage inTwo = sealer.seal(identity("alice"), "alice", small, p);
      assertEquals(inTwo.encryptedMessage().length(), m.encryptedMessage().length());
      assertEquals(inTwo.signature().length(), m.signature().length());
      for (GroupOpener o : openers.values()) {
        assertEquals(p, Payload.decode(o.open(m, identity("alice").ed25519().getPublic())));
      }
    }
  }
}
