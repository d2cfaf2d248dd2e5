package dev.chatroom.relay;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** A relay per test (see {@link RelayTestBase}) and version 2 peers on it, closed after each test. */
abstract class V2RelayTestBase extends RelayTestBase {
  protected final List<V2Peer> peers = new ArrayList<>();

  @AfterEach
  void closePeers() throws Exception {
    for (V2Peer p : peers) {
      p.close();
    }
  }

  /** A connected peer with its own identity, not yet authenticated. */
  protected V2Peer peer(String nick) throws Exception {
    V2Peer p = new V2Peer(relay.port(), nick);
    peers.add(p);
    return p;
  }

  /** A peer past {@code ready} (its catch-up, if any, still to read). */
  protected V2Peer authenticated(String nick) throws Exception {
    V2Peer p = peer(nick);
    p.authenticate();
    return p;
  }
}
