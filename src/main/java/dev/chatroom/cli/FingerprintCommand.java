package dev.chatroom.cli;

import dev.chatroom.crypto.Identity;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fingerprint", mixinStandardHelpOptions = true,
    description = "Print an identity's fingerprint (compare it with your peers out of band).")
final class FingerprintCommand implements Callable<Integer> {
  @Option(names = "--identity", required = true, paramLabel = "DIR", description = "Identity folder.")
  Path identity;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "Passphrase for an encrypted identity (otherwise you are asked).")
  Path passphraseFile;

  @Override
  public Integer call() throws Exception {
    Identity id = IdentityLoader.load(identity, passphraseFile);
    System.out.println(id.fingerprint().grouped());
    return Main.EXIT_OK;
  }
}
