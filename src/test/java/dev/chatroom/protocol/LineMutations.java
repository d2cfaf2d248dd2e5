package dev.chatroom.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What the canonical-line tests try at one place of a good line: the bytes that matter to JSON and to the field rules put there, the line cut there, the byte removed. */
final class LineMutations {
  private static final byte[] MATTERS = "\"\\{},:0-9aZ= \u007f\t".getBytes(StandardCharsets.ISO_8859_1);

  private LineMutations() {}

  static List<byte[]> at(byte[] line, int position) {
    List<byte[]> out = new ArrayList<>();
    for (byte v : MATTERS) {
      byte[] changed = line.clone();
      changed[position] = v;
      out.add(changed);
    }
    out.add(Arrays.copyOf(line, position));
    byte[] removed = new byte[line.length - 1];
    System.arraycopy(line, 0, removed, 0, position);
    System.arraycopy(line, position + 1, removed, position, removed.length - position);
    out.add(removed);
    return out;
  }

  /** The line with a byte that is not ASCII at {@code position}. */
  static byte[] notAscii(byte[] line, int position) {
    byte[] changed = line.clone();
    changed[position] = (byte) 0xc3;
    return changed;
  }
}
