package dev.chatroom.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads test vectors from the test classpath (src/test/resources/vectors). */
final class Vectors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Vectors() {}

  static JsonNode read(String path) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /vectors/" + path);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each Wycheproof test paired with its group, for parameterized tests. */
  static List<JsonNode[]> wycheproof(String file) {
    List<JsonNode[]> cases = new ArrayList<>();
    for (JsonNode group : read("wycheproof/" + file).get("testGroups")) {
      for (JsonNode test : group.get("tests")) {
        cases.add(new JsonNode[] {group, test});
      }
    }
    return cases;
  }

  static byte[] hex(JsonNode node) {
    return HexFormat.of().parseHex(node.asText());
  }
}
