package dev.chatroom.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema as numbered deltas (Synapse-style): delta N is
 * {@code schema/<dialect>/NNN_*.sql}, applied once, in order, at start-up, each in the same
 * transaction as the bump of {@code schema_version}. A store at a newer version is refused.
 */
final class Schema {
  /** Delta names by number; delta i is DELTAS.get(i - 1). Append, never edit a shipped one. */
  static final List<String> DELTAS = List.of("001_initial");
  static final int LATEST = DELTAS.size();

  static final String VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";

  private Schema() {}

  /** The statements of delta {@code version} for {@code dialect} ("sqlite" or "postgres"). */
  static List<String> statements(String dialect, int version) {
    String name = "schema/" + dialect + "/" + DELTAS.get(version - 1) + ".sql";
    try (InputStream in = Schema.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing schema delta " + name);
      }
      return split(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits on semicolons that end a line, dropping -- comments; the deltas hold no other semicolons. */
  static List<String> split(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        out.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  static StoreException tooNew(StoreLocation where, int found) {
    return new StoreException("store " + where + " has schema version " + found
        + ", newer than this relay knows (" + LATEST + "); run a newer chatroom");
  }
}
