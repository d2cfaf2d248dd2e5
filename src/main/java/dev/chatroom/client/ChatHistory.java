package dev.chatroom.client;

import java.nio.file.Path;
import java.time.Instant;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * The line editor's history. A {@code /msg} line is never added (not even for this session),
 * so a private message's text never lands in the history file; with an encrypted identity
 * nothing is written at all, since the file would sit in plaintext beside encrypted keys.
 */
public final class ChatHistory extends DefaultHistory {
  static final String FILE = "history";

  /** Where the history is kept: {@code history} in the identity folder, or null (memory only). */
  public static Path file(Path identityDir, boolean encryptedIdentity) {
    return encryptedIdentity ? null : identityDir.resolve(FILE);
  }

  /** Gives {@code builder} a fresh history of this kind, kept in {@code file} (null: memory only). */
  public static LineReaderBuilder install(LineReaderBuilder builder, Path file) {
    builder.history(new ChatHistory()).variable(LineReader.HISTORY_SIZE, 1000);
    return file == null ? builder : builder.variable(LineReader.HISTORY_FILE, file);
  }

  @Override
  public void add(Instant time, String line) {
    if (!isPrivate(line)) {
      super.add(time, line);
    }
  }

  @Override
  protected void addHistoryLine(Path path, String line, boolean checkDuplicates) {
    // Lines an older version saved: a /msg among them is skipped, and dropped at the next rewrite.
    int colon = line.indexOf(':');
    String text = colon > 0 && line.substring(0, colon).chars().allMatch(Character::isDigit)
        ? line.substring(colon + 1) : line;
    if (!isPrivate(text)) {
      super.addHistoryLine(path, line, checkDuplicates);
    }
  }

  /** Any line that starts with the /msg command, well formed or not. */
  static boolean isPrivate(String line) {
    return line.strip().split("\\s+", 2)[0].equals("/msg");
  }
}
