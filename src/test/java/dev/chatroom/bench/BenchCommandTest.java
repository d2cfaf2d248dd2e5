package dev.chatroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The bench options that cannot run get exit 2 and one sentence, before any server starts. */
class BenchCommandTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--room-size 3 --saturate --protocol 3|--protocol must be 1 or 2",
      "--room-size 3 --saturate --plot /tmp/x.svg|--plot draws a --sweep",
      "--room-size 3 --saturate --rounds 0|--rounds must be at least 1",
      "--room-size 3 --saturate --targets v1,nats|unknown target 'nats'",
      "--room-size 3 --saturate --protocol 2 --real-crypto|does not go with --protocol 2",
      "--room-size 3 --saturate --targets v2,v2-postgres|the v2-postgres target needs --postgres",
      "--room-size 3 --saturate --targets v2-sqlite --server 127.0.0.1:1|do not go with --server"})
  void refusedWithOneSentence(String args, String sentence) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err));
    assertEquals(2, cli.execute(args.split(" ")));
    assertTrue(err.toString().contains(sentence), err.toString());
  }

  @org.junit.jupiter.api.Test
  void aSweepLeavesVersionOneOutAboveRoomHundredUnlessNamed() {
    java.util.List<Wire> all = java.util.List.of(Wire.V1, Wire.V2, Wire.FORWARDER, Wire.REDIS);
    assertEquals(all, BenchCommand.wiresAt(100, all, false));
    assertEquals(java.util.List.of(Wire.V2, Wire.REDIS), BenchCommand.wiresAt(1000, all, false));
    assertEquals(all, BenchCommand.wiresAt(1000, all, true));
  }
}
