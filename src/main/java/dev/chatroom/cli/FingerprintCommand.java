package dev.chatroom.cli;

import dev.chatroom.crypto.Identity;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "fingerprint", mixinStandardHelpOptions = true,
    description = "Print an identity's fingerprint (compare it with your peers out of band).")
final class FingerprintCommand implements Callable<Integer> {
  @Mixin
  IdentityOptions id = new IdentityOptions();

  @Override
  public Integer call() throws Exception {
    Identity loaded = IdentityLoader.load(id.required(), id.passphraseFile);
    System.out.println(loaded.fingerprint().grouped());
    return Main.EXIT_OK;
  }
}
