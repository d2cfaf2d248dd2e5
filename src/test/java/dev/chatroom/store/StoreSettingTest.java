package dev.chatroom.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code store} setting: what it accepts, and one sentence without the password for the rest. */
class StoreSettingTest {

  @Test
  void sqlitePathsAreRelativeToTheWorkingFolder() throws Exception {
    assertEquals(new StoreLocation.Sqlite(Path.of("data/chatroom.db")), StoreLocation.parse(StoreLocation.DEFAULT));
    assertEquals(new StoreLocation.Sqlite(Path.of("/var/lib/chatroom/x.db")), StoreLocation.parse(" sqlite:/var/lib/chatroom/x.db "));
    assertEquals("sqlite:data/chatroom.db", StoreLocation.parse(StoreLocation.DEFAULT).toString());
  }

  @ParameterizedTest
  @CsvSource({
      "postgresql://chat@db.example:5433/chatroom, chat, , db.example, 5433, chatroom",
      "postgres://chat:s3cret@10.0.0.5:5432/chat_db, chat, s3cret, 10.0.0.5, 5432, chat_db",
      "postgresql://chat:p%40ss%3Aw%2Fd@localhost/chatroom, chat, p@ss:w/d, localhost, 5432, chatroom",
  })
  void postgresAddresses(String setting, String user, String password, String host, int port, String db) throws Exception {
    assertEquals(new StoreLocation.Postgres(user, password, host, port, db), StoreLocation.parse(setting));
  }

  @Test
  void thePasswordNeverShows() throws Exception {
    StoreLocation pg = StoreLocation.parse("postgresql://chat:hunter2@db:5432/chatroom");
    assertEquals("postgresql://chat:***@db:5432/chatroom", pg.toString());
    assertEquals("postgresql://chat:***@db:5432/chatroom", StoreLocation.redact("postgresql://chat:hunter2@db:5432/chatroom"));
    for (String bad : new String[] {"postgresql://chat:hunter2@db:5432/", "postgresql://chat:hunter2@db:5432/chatroom?ssl=1",
        "postgresql://chat:hunter2@:5432/chatroom", "postgresql://chat:hunter2@db:x/chatroom", "postgresql://chat:hun ter2@db/c"}) {
      StoreException e = assertThrows(StoreException.class, () -> StoreLocation.parse(bad), bad);
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
      assertFalse(e.getMessage().contains("hun ter2"), e.getMessage());
      assertEquals(1, e.getMessage().split("\\. ").length, "one sentence: " + e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "sqlite:", "sqlite::memory:", "mysql://a@b/c", "data/chatroom.db",
      "postgresql://", "postgresql://db:5432/chatroom", "postgresql://chat@db:5432", "postgresql://chat@db:99999/c"})
  void badSettingsAreOneSentence(String bad) {
    StoreException e = assertThrows(StoreException.class, () -> StoreLocation.parse(bad));
    assertFalse(e.getMessage().isBlank());
    assertFalse(e.getMessage().contains("\n"));
    assertEquals(1, e.getMessage().split("\\. ").length, "one sentence: " + e.getMessage());
  }
}
