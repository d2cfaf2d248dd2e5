package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** The two end-of-conversation checks every blocking test peer needs, in one place. */
final class LineReads {
  private LineReads() {}

  /** True when nothing arrives within {@code millis}; fails when anything arrives or the relay closed. */
  static boolean silentFor(Socket socket, BufferedReader in, int millis, String who) throws IOException {
    int before = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      String line = in.readLine();
      fail(who + (line == null ? "connection closed by the relay" : "unexpected frame: " + line));
      return false;
    } catch (SocketTimeoutException expected) {
      return true;
    } catch (SocketException reset) {
      fail(who + "connection reset: " + reset.getMessage());
      return false;
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(before);
      }
    }
  }

  /** True when the relay closed the connection (end of stream or reset) within the read timeout. */
  static boolean closedByRelay(BufferedReader in) throws IOException {
    try {
      while (true) {
        if (in.readLine() == null) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
