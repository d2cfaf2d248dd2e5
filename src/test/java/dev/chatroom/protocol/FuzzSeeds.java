package dev.chatroom.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Valid frames of every type and hostile variants of them: the start of every fuzz run. */
public final class FuzzSeeds {
  public static final String ID = "0b7e6a8e-4b1c-4c3e-9f00-1234567890ab";
  public static final String SIG = Base64.getEncoder().encodeToString(new byte[64]);
  public static final String NONCE = Base64.getEncoder().encodeToString(new byte[32]);
  public static final String EPOCH = "00112233445566778899aabbccddeeff";

  private FuzzSeeds() {}

  /** A hello with the given keys (the relay parses them, so relay seeds pass real ones). */
  public static String hello(String nick, String room, String encKey, String sigKey) {
    return "{\"type\":\"hello\",\"version\":1,\"nick\":\"" + nick + "\",\"room\":\"" + room
        + "\",\"enc_key\":\"" + encKey + "\",\"sig_key\":\"" + sigKey + "\"}";
  }

  public static String message(String from, String room, String to) {
    return "{\"type\":\"message\",\"id\":\"" + ID + "\",\"room\":\"" + room + "\",\"from\":\"" + from
        + "\",\"sent\":1764130000123,\"encrypted_message\":\"gAAAAABtoken\",\"encrypted_keys\":{\""
        + to + "\":\"a2V5\"},\"signature\":\"" + SIG + "\"}";
  }

  /** Frames a client sends: what the relay must cope with. */
  public static List<String> clientFrames(String encKey, String sigKey) {
    return List.of(
        hello("fuzz", "lobby", encKey, sigKey),
        "{\"type\":\"join\",\"room\":\"ops\"}",
        "{\"type\":\"rooms\"}",
        message("fuzz", "lobby", "bob"),
        "{\"type\":\"ping\"}",
        "{\"type\":\"pong\"}",
        "{\"type\":\"quit\"}");
  }

  /** Frames only the relay sends; a client may still send them. */
  public static List<String> serverFrames() {
    return List.of(
        "{\"type\":\"welcome\",\"nick\":\"alice\",\"room\":\"lobby\",\"members\":[{\"nick\":\"bob\",\"enc_key\":\"e\",\"sig_key\":\"s\"}]}",
        "{\"type\":\"joined\",\"nick\":\"bob\",\"enc_key\":\"e\",\"sig_key\":\"s\"}",
        "{\"type\":\"left\",\"nick\":\"bob\"}",
        "{\"type\":\"rooms\",\"rooms\":[{\"room\":\"lobby\",\"members\":3}]}",
        "{\"type\":\"ack\",\"id\":\"" + ID + "\",\"missing\":[\"carol\"]}",
        "{\"type\":\"error\",\"code\":\"bad_frame\",\"message\":\"nope\",\"id\":\"" + ID + "\"}");
  }

  public static String groupMessage(String from, String room) {
    return "{\"type\":\"group_message\",\"id\":\"" + ID + "\",\"room\":\"" + room + "\",\"from\":\"" + from
        + "\",\"sent\":1764130000123,\"epoch\":\"" + EPOCH + "\",\"index\":17,\"encrypted_message\":\"gAAAAABtok==\","
        + "\"signature\":\"" + SIG + "\"}";
  }

  public static String senderKey(String from, String room, String to) {
    return "{\"type\":\"sender_key\",\"id\":\"" + ID + "\",\"room\":\"" + room + "\",\"from\":\"" + from
        + "\",\"sent\":1764130000123,\"epoch\":\"" + EPOCH + "\",\"index\":0,\"encrypted_keys\":{\""
        + to + "\":\"a2V5\"},\"signature\":\"" + SIG + "\"}";
  }

  /** Version 2 frames of every type (sections 8-14), both directions. */
  public static List<String> v2Frames(String encKey, String sigKey) {
    return List.of(
        "{\"type\":\"hello\",\"version\":2,\"nick\":\"fuzz\",\"enc_key\":\"" + encKey + "\",\"sig_key\":\""
            + sigKey + "\",\"since\":{\"lobby\":1041,\"ops\":77}}",
        "{\"type\":\"hello\",\"version\":2,\"nick\":\"fuzz\",\"enc_key\":\"" + encKey + "\",\"sig_key\":\"" + sigKey + "\"}",
        "{\"type\":\"auth\",\"signature\":\"" + SIG + "\"}",
        "{\"type\":\"part\",\"room\":\"ops\"}",
        groupMessage("fuzz", "lobby"),
        senderKey("fuzz", "lobby", "bob"),
        "{\"type\":\"challenge\",\"nonce\":\"" + NONCE + "\"}",
        "{\"type\":\"ready\",\"nick\":\"alice\",\"rooms\":[\"lobby\",\"ops\"]}",
        "{\"type\":\"parted\",\"room\":\"ops\"}",
        "{\"type\":\"presence\",\"room\":\"ops\",\"nick\":\"bob\",\"online\":true}",
        "{\"type\":\"synced\",\"room\":\"lobby\",\"seq\":1042}",
        "{\"type\":\"delivery\",\"room\":\"lobby\",\"seq\":1042,\"frame\":" + message("alice", "lobby", "bob") + "}",
        "{\"type\":\"delivery\",\"room\":\"lobby\",\"seq\":1043,\"frame\":" + groupMessage("alice", "lobby") + "}",
        "{\"type\":\"delivery\",\"room\":\"lobby\",\"seq\":1,\"frame\":" + senderKey("alice", "lobby", "bob") + "}",
        "{\"type\":\"welcome\",\"room\":\"ops\",\"nick\":\"alice\",\"seq\":812,\"members\":[{\"nick\":\"bob\","
            + "\"enc_key\":\"e\",\"sig_key\":\"s\",\"version\":2,\"online\":false}]}",
        "{\"type\":\"joined\",\"room\":\"ops\",\"nick\":\"alice\",\"enc_key\":\"e\",\"sig_key\":\"s\",\"version\":2}",
        "{\"type\":\"left\",\"room\":\"ops\",\"nick\":\"alice\"}",
        "{\"type\":\"ack\",\"id\":\"" + ID + "\",\"room\":\"lobby\",\"seq\":1042,\"missing\":[]}",
        "{\"type\":\"error\",\"code\":\"not_member\",\"message\":\"nope\",\"id\":\"" + ID + "\",\"room\":\"ops\"}");
  }

  /** Version 2 inputs aimed at its new checks: seqs, epochs, since, nested deliveries. */
  public static List<String> v2Hostile() {
    String gm = groupMessage("alice", "lobby");
    String hello = "{\"type\":\"hello\",\"version\":2,\"nick\":\"a\",\"enc_key\":\"x\",\"sig_key\":\"y\",\"since\":";
    return List.of(
        hello + "{\"lobby\":-1}}",
        hello + "{\"lobby\":1.5}}",
        hello + "{\"lobby\":99999999999999999999999}}",
        hello + "{\"lo by\":1}}",
        hello + "[]}",
        hello + "{\"lobby\":1,\"lobby\":2}}",
        gm.replace(EPOCH, EPOCH.toUpperCase(java.util.Locale.ROOT)),
        gm.replace(EPOCH, EPOCH.substring(2)),
        gm.replace("\"index\":17", "\"index\":-17"),
        gm.replace("gAAAAABtok==", "gAAAAAB+token/"),
        "{\"type\":\"delivery\",\"room\":\"lobby\",\"seq\":1,\"frame\":{\"type\":\"delivery\",\"room\":\"lobby\",\"seq\":1,\"frame\":" + gm + "}}",
        "{\"type\":\"delivery\",\"room\":\"ops\",\"seq\":1,\"frame\":" + gm + "}",
        "{\"type\":\"delivery\",\"room\":\"lobby\",\"seq\":-1,\"frame\":" + gm + "}",
        "{\"type\":\"delivery\",\"room\":\"lobby\",\"seq\":1,\"frame\":{\"type\":\"ping\"}}",
        "{\"type\":\"delivery\",\"room\":\"lobby\",\"seq\":1,\"frame\":\"" + gm.replace("\"", "\\\"") + "\"}",
        "{\"type\":\"welcome\",\"room\":\"ops\",\"nick\":\"alice\",\"seq\":1,\"members\":[{\"nick\":\"bob\",\"enc_key\":\"e\",\"sig_key\":\"s\"}]}",
        "{\"type\":\"joined\",\"room\":\"ops\",\"nick\":\"alice\",\"enc_key\":\"e\",\"sig_key\":\"s\",\"version\":3}",
        "{\"type\":\"ack\",\"id\":\"x\",\"seq\":1,\"missing\":[]}",
        "{\"type\":\"presence\",\"room\":\"ops\",\"nick\":\"bob\",\"online\":\"true\"}",
        "{\"type\":\"challenge\",\"nonce\":\"" + SIG + "\"}");
  }

  /** Inputs that have broken JSON codecs before: nesting, numbers, encodings, duplicates, types. */
  public static List<byte[]> hostile() {
    String msg = message("alice", "lobby", "bob");
    List<String> text = List.of(
        "{\"type\":\"ping\",\"x\":" + "[".repeat(17) + "]".repeat(17) + "}",
        "[".repeat(4000),
        "{\"a\":".repeat(3000),
        "{\"type\":\"hello\",\"version\":1" + "0".repeat(400) + ",\"nick\":\"a\",\"enc_key\":\"x\",\"sig_key\":\"y\"}",
        "{\"type\":\"hello\",\"version\":1e999999,\"nick\":\"a\",\"enc_key\":\"x\",\"sig_key\":\"y\"}",
        "{\"type\":\"hello\",\"version\":1.0,\"nick\":\"a\",\"enc_key\":\"x\",\"sig_key\":\"y\"}",
        "{\"type\":\"hello\",\"version\":-4294967295,\"nick\":\"a\",\"enc_key\":\"x\",\"sig_key\":\"y\"}",
        msg.replace("1764130000123", "99999999999999999999999"),
        msg.replace("1764130000123", "-9223372036854775808"),
        msg.replace("1764130000123", "1e3"),
        "{\"type\":\"rooms\",\"rooms\":[{\"room\":\"a\",\"members\":1e10}]}",
        "{\"type\":\"rooms\",\"rooms\":[{\"room\":\"a\",\"members\":2.5}]}",
        "{\"type\":\"rooms\",\"rooms\":[1,\"x\",null]}",
        "{\"type\":\"ping\",\"type\":\"hello\"}",
        "{\"type\":\"quit\"} {\"type\":\"ping\"}",
        msg + " trailing",
        "{\"type\":\"ping\"}}",
        msg.replace("gAAAAABtoken", "\\ud800"),
        msg.replace("gAAAAABtoken", "\\udc00\\ud800"),
        "{\"type\":\"error\",\"code\":\"\\ud83d\",\"message\":\"\\u0000\"}",
        "{\"type\":\"error\",\"code\":\"x\",\"message\":\"y\",\"id\":7}",
        "{\"type\":\"welcome\",\"nick\":\"a\",\"room\":\"b\",\"members\":[1]}",
        "{\"type\":\"welcome\",\"nick\":\"a\",\"room\":\"b\",\"members\":{}}",
        "{\"type\":\"ack\",\"id\":\"x\",\"missing\":\"bob\"}",
        "{\"type\":null}", "{\"type\":[\"ping\"]}", "{\"type\":{\"a\":1}}",
        "{'type':'ping'}", "{type:\"ping\"}", "{\"type\":\"ping\",}", "/*c*/{\"type\":\"ping\"}",
        "null", "NaN", "", " ", "\r", "0", "\"ping\"", "[{\"type\":\"ping\"}]",
        "\ufeff{\"type\":\"ping\"}",
        msg.replace("\"bob\":", "\"bob\":\"a\",\"bob\":"),
        msg.replace("\"a2V5\"", "null"),
        msg.replace(SIG, SIG.substring(1)),
        msg.replace(ID, ID.toUpperCase(java.util.Locale.ROOT) + "\\n"));
    List<byte[]> out = new ArrayList<>();
    for (String t : text) {
      out.add(t.getBytes(StandardCharsets.UTF_8));
    }
    out.add(withBytes("{\"type\":\"ping\",\"x\":\"", new byte[] {(byte) 0xc3, 0x28}, "\"}"));
    out.add(withBytes("{\"type\":\"ping\",\"x\":\"", new byte[] {(byte) 0xc0, (byte) 0x80}, "\"}"));
    out.add(withBytes("{\"type\":\"ping\",\"x\":\"", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "\"}"));
    out.add(withBytes("{\"type\":\"ping\",\"x\":\"", new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, "\"}"));
    out.add(withBytes("{\"type\":\"ping\",\"x\":\"", new byte[] {(byte) 0xff}, "\"}"));
    out.add(withBytes("{\"type\":\"ping\"", new byte[] {0}, "}"));
    out.add(withBytes("{\"type\":\"pi", new byte[] {0}, "ng\"}"));
    out.add(withBytes("{\"type\":\"ping\",\"x\":\"", new byte[] {0x1b, '[', '2', 'J', '\t'}, "\"}"));
    return out;
  }

  /** Every seed as bytes: client frames (with placeholder keys), server frames, hostile inputs, then version 2's. */
  public static List<byte[]> all(String encKey, String sigKey) {
    List<byte[]> out = new ArrayList<>();
    for (String s : clientFrames(encKey, sigKey)) {
      out.add(s.getBytes(StandardCharsets.UTF_8));
    }
    for (String s : serverFrames()) {
      out.add(s.getBytes(StandardCharsets.UTF_8));
    }
    out.addAll(hostile());
    // version 2 last, so the version 1 seeds keep their corpus file names
    for (String s : v2Frames(encKey, sigKey)) {
      out.add(s.getBytes(StandardCharsets.UTF_8));
    }
    for (String s : v2Hostile()) {
      out.add(s.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static byte[] withBytes(String head, byte[] middle, String tail) {
    byte[] h = head.getBytes(StandardCharsets.UTF_8);
    byte[] t = tail.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[h.length + middle.length + t.length];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(middle, 0, out, h.length, middle.length);
    System.arraycopy(t, 0, out, h.length + middle.length, t.length);
    return out;
  }
}
