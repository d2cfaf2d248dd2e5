package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real JLine reader, fed typed lines, writing the real history file. */
class ChatHistoryTest {
  @TempDir Path dir;

  @Test
  void privateMessagesNeverReachTheHistoryFile() throws Exception {
    Path file = ChatHistory.file(dir, false);
    List<String> typed = type(file, "hello room", "/msg bob the secret plan", "  /msg  bob also secret",
        "/msg b@d secret too", "/who");
    assertEquals(5, typed.size(), "every line is still read: " + typed);
    String saved = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(saved.contains("hello room") && saved.contains("/who"), saved);
    assertFalse(saved.contains("secret"), saved);
  }

  @Test
  void linesSavedByAnOlderVersionLoseTheirMsgLinesOnLoad() throws Exception {
    Path file = ChatHistory.file(dir, false);
    Files.writeString(file, "1764130000000:old line\n1764130000001:/msg bob old secret\n");
    LineReader reader = reader(new ByteArrayInputStream(new byte[0]), file);
    reader.getHistory().attach(reader); // what the first readLine does: loads the file
    List<String> loaded = new ArrayList<>();
    reader.getHistory().forEach(e -> loaded.add(e.line()));
    assertEquals(List.of("old line"), loaded);
  }

  @Test
  void anEncryptedIdentityKeepsNoHistoryFile() throws Exception {
    assertNull(ChatHistory.file(dir, true));
    type(null, "hello", "/msg bob secret");
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "nothing written beside the keys");
    }
  }

  private List<String> type(Path file, String... lines) throws Exception {
    byte[] input = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    LineReader reader = reader(new ByteArrayInputStream(input), file);
    List<String> read = new ArrayList<>();
    try {
      while (true) {
        read.add(reader.readLine("> "));
      }
    } catch (EndOfFileException done) {
      reader.getHistory().save();
    }
    reader.getTerminal().close();
    return read;
  }

  private static LineReader reader(ByteArrayInputStream in, Path file) throws Exception {
    Terminal t = new DumbTerminal(in, new ByteArrayOutputStream()); // a real terminal on streams
    return ChatHistory.install(LineReaderBuilder.builder().terminal(t), file).build();
  }
}
