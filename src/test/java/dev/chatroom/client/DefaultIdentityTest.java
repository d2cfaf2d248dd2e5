package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.KeyFiles;
import dev.chatroom.crypto.PeerKeys;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.protocol.Frame;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Without --identity the real client follows the XDG rules: $XDG_CONFIG_HOME, else
 * $HOME/.config (not Java's user.home). Identities are made beforehand where each rule says
 * (RSA-2048: quick), and a peer checks which keys the client joined with.
 */
class DefaultIdentityTest extends ClientTestBase {

  @Test
  @Timeout(60)
  void homeIsFollowedWhenXdgConfigHomeIsUnset() throws Exception {
    Path home = temp.resolve("home");
    Identity expected = identityAt(home.resolve(".config/chatroom/alice"));
    identityAt(temp.resolve("elsewhere/chatroom/alice")); // a decoy nobody points to
    assertJoinsWith(expected, Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", ""));
  }

  @Test
  @Timeout(60)
  void xdgConfigHomeWinsOverHome() throws Exception {
    Path home = temp.resolve("home");
    identityAt(home.resolve(".config/chatroom/alice"));
    Identity expected = identityAt(temp.resolve("xdg/chatroom/alice"));
    assertJoinsWith(expected, Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", temp.resolve("xdg").toString()));
  }

  private void assertJoinsWith(Identity expected, Map<String, String> env) throws Exception {
    RawPeer bob = raw("bob", "lobby", TestIdentities.fresh());
    ChatProcess alice = ChatProcess.start("alice", env, "--server", "127.0.0.1:" + port(), "--nick", "alice");
    closeables.add(alice);
    Frame.Joined j = bob.await(Frame.Joined.class);
    assertEquals(expected.fingerprint(), PeerKeys.parse(j.nick(), j.encKey(), j.sigKey()).fingerprint());
    assertEquals(0, alice.errCount("created a new identity"), alice.err().toString());
    assertEquals(0, alice.finish());
  }

  private static Identity identityAt(Path dir) throws Exception {
    Identity id = TestIdentities.fresh();
    KeyFiles.write(dir, id, null);
    return id;
  }
}
