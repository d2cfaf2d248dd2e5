package dev.chatroom.protocol;

/** Writing the relay's hand-made lines (acks, delivery heads) straight into a byte array. */
final class AsciiBytes {
  private AsciiBytes() {}

  /** Copies {@code bytes} to {@code out} at {@code at}; the index after them. */
  static int put(byte[] out, int at, byte[] bytes) {
    System.arraycopy(bytes, 0, out, at, bytes.length);
    return at + bytes.length;
  }

  /** Writes {@code s}, ASCII the caller has checked, a byte per char; the index after it. */
  static int putAscii(byte[] out, int at, String s) {
    for (int i = 0; i < s.length(); i++) {
      out[at++] = (byte) s.charAt(i);
    }
    return at;
  }
}
