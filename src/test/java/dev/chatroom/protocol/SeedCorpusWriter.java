package dev.chatroom.protocol;

import dev.chatroom.crypto.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@link FuzzSeeds} as the Jazzer seed corpora under src/test/resources (run from the
 * project root; see docs/FUZZING.md). The relay's hello seed carries a freshly made public key.
 */
public final class SeedCorpusWriter {
  private SeedCorpusWriter() {}

  public static void main(String[] args) throws Exception {
    Path resources = Path.of("src/test/resources/dev/chatroom");
    write(resources.resolve("protocol/FrameCodecFuzzTestInputs/decode"), FuzzSeeds.all("RSA", "ED"));
    Identity id = Identity.generate(2048);
    write(resources.resolve("relay/RelayFuzzTestInputs/relay"), FuzzSeeds.all(id.encKey(), id.sigKey()));
    // framer seeds: whole streams of frames (the provider reads its numbers from the tail)
    List<byte[]> seeds = FuzzSeeds.all("RSA", "ED");
    write(resources.resolve("protocol/FrameCodecFuzzTestInputs/lineFramer"), List.of(
        FrameMutator.join(seeds.get(0), seeds.get(1), seeds.get(2), new byte[0]),
        FrameMutator.join(seeds.get(3), seeds.get(4), seeds.get(5)),
        FrameMutator.join(seeds.get(6), new byte[0], new byte[0], seeds.get(9), seeds.get(10))));
  }

  private static void write(Path dir, List<byte[]> seeds) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < seeds.size(); i++) {
      Files.write(dir.resolve(String.format("seed-%02d", i)), seeds.get(i));
    }
  }
}
