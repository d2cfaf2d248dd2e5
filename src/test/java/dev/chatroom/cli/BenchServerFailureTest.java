package dev.chatroom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A server under test that cannot start (its store unreachable) ends the bench with exit 1 and its one sentence. */
class BenchServerFailureTest {
  @Test
  void aPostgresThatCannotBeReachedIsOneSentenceAndExitOne() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("bench", "--targets", "v2-postgres", "--postgres", "postgresql://postgres@127.0.0.1:1/nowhere",
        "--room-size", "2", "--saturate", "--rounds", "1", "--warmup", "1", "--duration", "1");
    assertEquals(Main.EXIT_FAILURE, code, err.toString());
    assertTrue(err.toString().contains("the relay-postgres process did not start"), err.toString());
    assertTrue(err.toString().contains("cannot be opened: Connection refused"), err.toString());
    assertFalse(err.toString().contains("Exception"), "no stack trace: " + err);
  }
}
