package dev.chatroom.cli;

import dev.chatroom.tls.SelfSigned;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tls-selfsign", mixinStandardHelpOptions = true,
    description = "Make a self-signed certificate (cert.pem) and key (key.pem, 0600) for a test "
        + "relay, and print the pin clients pass as --tls-pin.")
final class TlsSelfSignCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for cert.pem and key.pem.")
  Path out;

  @Option(names = "--name", required = true, paramLabel = "HOST",
      description = "Host name or IP clients dial; repeat for more (the first is the CN).")
  List<String> names;

  @Option(names = "--days", paramLabel = "N", defaultValue = "365", description = "Validity in days (default 365).")
  int days;

  @Override
  public Integer call() throws Exception {
    if (days < 1 || days > 3650) {
      throw new ErrorHandler.UsageError("--days must be between 1 and 3650");
    }
    SelfSigned pair = SelfSigned.generate(names, days);
    try {
      pair.write(out);
    } catch (FileAlreadyExistsException e) {
      throw new Exception(e.getFile() + " already exists; choose another --out or remove it");
    }
    System.out.println(pair.pin());
    System.err.println("wrote " + out.resolve(SelfSigned.CERT_FILE) + " and " + out.resolve(SelfSigned.KEY_FILE)
        + "; start the relay with --tls-cert and --tls-key, give clients --tls-pin " + pair.pin());
    return Main.EXIT_OK;
  }
}
