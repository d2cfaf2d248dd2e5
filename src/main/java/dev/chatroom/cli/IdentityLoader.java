package dev.chatroom.cli;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.KeyFileException;
import dev.chatroom.crypto.KeyFiles;
import java.nio.file.Path;
import java.util.Arrays;

/** Loads an identity folder, asking for its passphrase when it is encrypted. */
final class IdentityLoader {
  private IdentityLoader() {}

  static Identity load(Path dir, Path passphraseFile) throws KeyFileException, ErrorHandler.UsageError {
    char[] passphrase = null;
    if (passphraseFile != null) {
      passphrase = Passphrases.fromFile(passphraseFile);
    } else if (KeyFiles.isEncrypted(dir)) {
      passphrase = Passphrases.prompt("Passphrase for " + dir + ": ");
      if (passphrase == null) {
        throw new ErrorHandler.UsageError("identity " + dir + " is encrypted: give --passphrase-file");
      }
    }
    try {
      return KeyFiles.load(dir, passphrase);
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
  }
}
