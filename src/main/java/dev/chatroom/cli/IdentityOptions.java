package dev.chatroom.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --identity} and {@code --passphrase-file}, shared by chat, keygen and fingerprint. */
final class IdentityOptions {
  @Option(names = "--identity", paramLabel = "DIR",
      description = "Identity folder (mode 0700; keys 0600). Required except for chat, which "
          + "defaults to $XDG_CONFIG_HOME/chatroom/NICK (else $HOME/.config/chatroom/NICK) and creates it on first use.")
  Path identity;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "Passphrase (the file's first line) for an encrypted identity, or to encrypt a new one; "
          + "without it you are asked on a terminal.")
  Path passphraseFile;

  /** The folder given; a usage error (exit 2) when the command needs one and it is missing. */
  Path required() throws ErrorHandler.UsageError {
    if (identity == null) {
      throw new ErrorHandler.UsageError("--identity DIR is required");
    }
    return identity;
  }

  /** {@code $XDG_CONFIG_HOME/chatroom/NICK}, else {@code $HOME/.config/...}, else user.home's. */
  static Path defaultDir(String nick, Map<String, String> env) {
    return XdgDirs.config(env).resolve("chatroom").resolve(nick);
  }
}
