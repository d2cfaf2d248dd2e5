package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerAddressTest {

  @Test
  void parsesServerLists() {
    assertEquals(List.of(new ServerAddress("a.example", 7878), new ServerAddress("::1", 9000)),
        ServerAddress.parseList("a.example:7878, [::1]:9000"));
    assertEquals("[::1]:9000", new ServerAddress("::1", 9000).toString());
  }

  @Test
  void aMissingPortIsOneSentence() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServerAddress.parseList("localhost"));
    assertEquals("server 'localhost' must be HOST:PORT", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"h:70000", "h:0", "h:x", ":80", "h:"})
  void refusesBadPortsAndHosts(String text) {
    assertThrows(IllegalArgumentException.class, () -> ServerAddress.parse(text));
  }
}
