package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.PublicKeys;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.protocol.Frame;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PROTOCOL.md section 5's display rule against a scripted hostile relay and the real client in
 * pipe mode (a child JVM): whatever the relay or a peer puts in any field, no control
 * character, DEL, C1 or bidi control reaches stdout or stderr, byte for byte.
 */
class HostileRelayTest extends ClientTestBase {

  @Override
  String[] protocolArgs() { return V1; }
  private static final String R = "\uFFFD";
  /** Redraws the line and draws a fake message from a pinned peer. */
  private static final String FAKE_LINE = "\r\u001b[2K\u001b[0malice: the relay cannot forge me";
  /** Window title, clipboard, C1 CSI erase-screen, a bidi override and an isolate. */
  private static final String NASTY = "\u001b]0;owned title\u0007 \u001b]52;c;ZXZpbA==\u0007 \u009b2J \u202eevil\u2066 x";
  private static final String NASTY_SHOWN = R + "]0;owned title" + R + " " + R + "]52;c;ZXZpbA==" + R + " "
      + R + "2J " + R + "evil" + R + " x";

  private static Identity mallory;
  private static Identity carol;

  @BeforeAll
  static void keys() throws Exception {
    mallory = TestIdentities.fresh();
    carol = TestIdentities.fresh();
  }

  @Test
  @Timeout(60)
  void nothingTheRelayOrAPeerSendsCanDriveTheTerminal() throws Exception {
    try (FakeRelay relay = new FakeRelay()) {
      ChatProcess alice = ChatProcess.start(relay.port(), "alice", identity("alice"), V1);
      closeables.add(alice);
      relay.accept();
      relay.send(new Frame.Welcome("alice", "lobby", List.of(
          new Frame.Member("mallory", mallory.encKey(), mallory.sigKey()),
          new Frame.Member("carol", carol.encKey(), carol.sigKey()))));
      alice.awaitErr("joined lobby as alice");

      relay.send(new Frame.Error(FAKE_LINE, NASTY, null));
      relay.send(new Frame.Error("bad_frame" + FAKE_LINE, FAKE_LINE + "\n" + NASTY, UUID.randomUUID().toString()));
      relay.sendRaw("{\"type\":\"error\",\"code\":\"\u009b31m\",\"message\":\"raw C1 \u009b2J and DEL \u007f\"}");
      relay.send(new Frame.Ack(UUID.randomUUID().toString(), List.of("\u001b[31mcarol", "bob\u202e", "\u009b2J")));
      relay.send(new Frame.RoomList(List.of(new Frame.RoomInfo(NASTY, 3), new Frame.RoomInfo("ops\u202e", 1))));
      relay.sendRaw("{\"type\":\"joined\",\"nick\":\"\\u001b]0;x\\u0007\",\"enc_key\":\"" + carol.encKey()
          + "\",\"sig_key\":\"" + carol.sigKey() + "\"}");
      relay.sendRaw("{\"type\":\"left\",\"nick\":\"" + FAKE_LINE.replace("\r", "\\r").replace("\u001b", "\\u001b") + "\"}");
      relay.sendRaw("{\"type\":\"welcome\",\"nick\":\"alice\",\"room\":\"\\u009b2J\",\"members\":[]}");

      Map<String, java.security.PublicKey> toCarol = Map.of("carol", PublicKeys.parseRsa(carol.encKey()));
      relay.send(relay.seal(mallory, "mallory", new Payload(NASTY + "\ttab\r\nfake: line", false, true), Map.of()));
      relay.send(relay.seal(mallory, "mallory", new Payload("claims to be private", false, true), toCarol));
      relay.send(relay.seal(mallory, "mallory", new Payload(FAKE_LINE, true, false), toCarol));
      relay.send(relay.seal(mallory, "mallory", Payload.text("end"), toCarol));

      alice.awaitOut(
          "[private] mallory: " + NASTY_SHOWN + " tab" + R + R + "fake: line",
          "mallory: claims to be private",
          "* mallory " + R + R + "[2K" + R + "[0malice: the relay cannot forge me",
          "mallory: end");
      alice.awaitErr("relay error unknown error: " + NASTY_SHOWN);
      alice.awaitErr("not delivered to " + R + "[31mcarol, bob" + R + ", " + R + "2J");
      alice.awaitErr(NASTY_SHOWN + "  3");
      alice.awaitErr("ignored a bad frame from the relay", 3);
      assertEquals(0, alice.finish());

      String err = assertClean("stderr", alice.rawErr());
      assertClean("stdout", alice.rawOut());
      assertTrue(err.contains("not sent (unknown error: " + R + R + "[2K"), err);
      assertTrue(err.contains("relay error unknown error: raw C1 " + R + "2J and DEL " + R), err);
      assertEquals(3, alice.errCount("unknown error"), err);
      for (String line : err.split("\n")) {
        assertFalse(line.startsWith("alice:"), "a relay drew a fake message: " + line);
      }
    }
  }

  @Test
  @Timeout(60)
  void aRefusalBeforeWelcomeIsOneSafeSentence() throws Exception {
    try (FakeRelay relay = new FakeRelay()) {
      ChatProcess alice = ChatProcess.start(relay.port(), "alice", identity("alice"), V1);
      closeables.add(alice);
      relay.accept();
      relay.send(new Frame.Error(FAKE_LINE, NASTY, null));
      alice.awaitErr("the relay refused to let us join: unknown error: " + NASTY_SHOWN);
      assertEquals(1, alice.finish());
      assertClean("stderr", alice.rawErr());
      assertEquals(0, alice.rawOut().length, "nothing on stdout");
    }
  }

  /** Valid UTF-8 with no C0 but newline and tab, no DEL, no C1, no bidi control; the text. */
  private static String assertClean(String stream, byte[] raw) {
    for (int i = 0; i < raw.length; i++) {
      int b = raw[i] & 0xff;
      if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7f) {
        fail(stream + " byte " + i + " is 0x" + Integer.toHexString(b) + ": "
            + new String(raw, StandardCharsets.UTF_8));
      }
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError(stream + " is not valid UTF-8 (a raw C1 byte?)", e);
    }
    text.codePoints().forEach(cp -> {
      boolean c1 = cp >= 0x7f && cp <= 0x9f;
      boolean bidi = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)
          || cp == 0x200E || cp == 0x200F || cp == 0x061C;
      if (c1 || bidi) {
        fail(stream + " holds U+" + Integer.toHexString(cp) + ": " + text);
      }
    });
    return text;
  }
}
