package dev.chatroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XdgDirsTest {

  @Test
  void configFollowsXdgConfigHomeThenHome() {
    assertEquals(Path.of("/x/cfg/chatroom/alice"),
        IdentityOptions.defaultDir("alice", Map.of("XDG_CONFIG_HOME", "/x/cfg", "HOME", "/h")));
    assertEquals(Path.of("/h/.config/chatroom/alice"), IdentityOptions.defaultDir("alice", Map.of("HOME", "/h")));
  }

  @Test
  void relativeOrEmptyValuesAreIgnored() {
    assertEquals(Path.of("/h/.config"), XdgDirs.config(Map.of("XDG_CONFIG_HOME", "rel/cfg", "HOME", "/h")));
    assertEquals(Path.of("/h/.config"), XdgDirs.config(Map.of("XDG_CONFIG_HOME", " ", "HOME", "/h")));
  }

  @Test
  void userHomeOnlyWithoutAUsableHome() {
    Path userHome = Path.of(System.getProperty("user.home"));
    assertEquals(userHome.resolve(".config"), XdgDirs.config(Map.of()));
    assertEquals(userHome.resolve(".config"), XdgDirs.config(Map.of("HOME", "relative")));
  }
}
