package dev.chatroom.cli;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.KeyFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = "Create an identity: an RSA key pair for key wrapping and an Ed25519 pair for signing.")
final class KeygenCommand implements Callable<Integer> {
  @Mixin
  IdentityOptions id = new IdentityOptions();

  @Option(names = "--bits", paramLabel = "N", defaultValue = "3072",
      description = "RSA modulus: 2048, 3072 or 4096 (default: ${DEFAULT-VALUE}).")
  int bits;

  @Override
  public Integer call() throws Exception {
    if (bits != 2048 && bits != 3072 && bits != 4096) {
      throw new ErrorHandler.UsageError("--bits must be 2048, 3072 or 4096, not " + bits);
    }
    Path dir = id.required();
    char[] passphrase = id.passphraseFile == null ? null : Passphrases.fromFile(id.passphraseFile);
    try {
      Identity created = Identity.generate(bits);
      KeyFiles.write(dir, created, passphrase);
      System.out.println("Created identity in " + dir + (passphrase == null ? "" : " (encrypted)"));
      System.out.println("Fingerprint: " + created.fingerprint().grouped());
      return Main.EXIT_OK;
    } finally {
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
  }
}
