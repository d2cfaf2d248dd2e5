package dev.chatroom.relay;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A raw client socket that splits what it reads on {@code \n} only, as PROTOCOL.md frames
 * lines, and hands back bytes: the fuzz checks must see exactly what the relay sent.
 */
final class LineSocket implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  LineSocket(int port, int readTimeoutMillis) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(readTimeoutMillis);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next line without its newline, or null at end of stream (an unterminated tail included). */
  byte[] readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return line.size() == 0 ? null : line.toByteArray();
      }
      if (b == '\n') {
        return line.toByteArray();
      }
      line.write(b);
    }
  }

  @Override
  public void close() throws IOException { socket.close(); }
}
