package dev.chatroom.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Where a passphrase comes from: a file (first line) or a no-echo prompt. */
final class Passphrases {
  private Passphrases() {}

  static char[] fromFile(Path file) throws ErrorHandler.UsageError {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      String line = end < 0 ? text : text.substring(0, end);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty()) {
        throw new ErrorHandler.UsageError("passphrase file " + file + " is empty");
      }
      return line.toCharArray();
    } catch (NoSuchFileException e) {
      throw new ErrorHandler.UsageError("passphrase file " + file + " does not exist");
    } catch (IOException e) {
      throw new ErrorHandler.UsageError("cannot read passphrase file " + file + ": " + e.getMessage());
    }
  }

  /** Prompts without echo; null when there is no terminal to ask on. */
  static char[] prompt(String question) {
    Console console = System.console();
    return console == null ? null : console.readPassword("%s", question);
  }
}
