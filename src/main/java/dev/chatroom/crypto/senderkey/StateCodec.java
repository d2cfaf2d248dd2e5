package dev.chatroom.crypto.senderkey;

import dev.chatroom.crypto.Fingerprint;
import dev.chatroom.protocol.Names;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plaintext body of the state file: my chains, then others' epochs with their skipped
 * keys. Decoding checks every count against the limits and every name, so even an
 * authenticated file that breaks a rule is refused whole, never half-loaded.
 */
final class StateCodec {
  static final int BODY_VERSION = 1;
  /** Base64 of an Ed25519 SubjectPublicKeyInfo (44 bytes). */
  private static final int SIGNER_CHARS = 60;

  /** Thrown for any body that is not one this code could have written. */
  static final class BadState extends Exception {
    private static final long serialVersionUID = 1L;

    BadState(String why) {
      super(why);
    }
  }

  private StateCodec() {}

  /** A buffer whose bytes can be overwritten when done: the body holds keys. */
  static final class WipingBuffer extends ByteArrayOutputStream {
    WipingBuffer() {
      super(4096);
    }

    /** The live buffer (valid up to {@link #size()}), read without a copy that would linger. */
    byte[] array() {
      return buf;
    }

    void wipe() {
      Arrays.fill(buf, (byte) 0);
      count = 0;
    }
  }

  static void encode(SenderKeyState state, WipingBuffer into) throws IOException {
    DataOutputStream out = new DataOutputStream(into);
    out.writeInt(BODY_VERSION);
    List<SenderChain> mine = state.mine().all();
    out.writeInt(mine.size());
    for (SenderChain c : mine) {
      out.writeUTF(c.room());
      out.writeUTF(c.epoch());
      byte[] ck = c.chainKeyCopy();
      out.write(ck);
      Ratchet.wipe(ck);
      out.writeLong(c.index());
      out.writeLong(c.startedMillis());
      out.writeLong(c.messagesSent());
      out.writeBoolean(c.holderDeparted());
      out.writeInt(c.holders().size());
      for (Map.Entry<String, Fingerprint> h : c.holders().entrySet()) {
        out.writeUTF(h.getKey());
        out.write(HexFormat.of().parseHex(h.getValue().hex()));
      }
    }
    ReceiverKeys others = state.others();
    synchronized (others) {
      var senders = others.snapshot();
      out.writeInt(senders.size());
      for (var s : senders) {
        out.writeUTF(s.getKey().room());
        out.writeUTF(s.getKey().from());
        out.writeInt(s.getValue().retired.size());
        for (String r : s.getValue().retired) {
          out.writeUTF(r);
        }
        out.writeInt(s.getValue().epochs.size());
        for (ReceiverEpoch e : s.getValue().epochs.values()) {
          out.writeUTF(e.epoch());
          out.writeUTF(e.signer());
          byte[] ck = e.chain().keyCopy();
          out.write(ck);
          Ratchet.wipe(ck);
          out.writeLong(e.chain().index());
          out.writeInt(e.skippedCount());
          for (Map.Entry<Long, byte[]> k : e.skipped().entrySet()) {
            out.writeLong(k.getKey());
            out.write(k.getValue());
          }
        }
      }
    }
    out.flush();
  }

  static SenderKeyState decode(byte[] body) throws BadState {
    SenderKeyState state = SenderKeyState.empty();
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
      if (in.readInt() != BODY_VERSION) {
        throw new BadState("unknown body version");
      }
      int chains = count(in, SenderChains.MAX_ROOMS);
      for (int i = 0; i < chains; i++) {
        state.mine().restore(readSenderChain(in));
      }
      int senders = count(in, ReceiverKeys.MAX_SENDERS);
      int totalSkipped = 0;
      for (int i = 0; i < senders; i++) {
        String room = room(in);
        String from = nick(in);
        int retiredCount = count(in, ReceiverKeys.MAX_RETIRED_EPOCHS);
        List<String> retired = new ArrayList<>();
        for (int r = 0; r < retiredCount; r++) {
          retired.add(epoch(in));
        }
        int epochCount = count(in, ReceiverKeys.MAX_EPOCHS_PER_SENDER);
        List<ReceiverEpoch> epochs = new ArrayList<>();
        for (int e = 0; e < epochCount; e++) {
          ReceiverEpoch epoch = readReceiverEpoch(in);
          totalSkipped += epoch.skippedCount();
          epochs.add(epoch);
        }
        state.others().restore(new ReceiverKeys.SenderId(room, from), epochs, retired);
      }
      if (totalSkipped > ReceiverKeys.MAX_TOTAL_MESSAGE_KEYS) {
        throw new BadState("too many skipped keys");
      }
      if (in.read() != -1) {
        throw new BadState("trailing bytes");
      }
      return state;
    } catch (IOException | IllegalArgumentException e) {
      wipe(state);
      throw new BadState("truncated or malformed");
    } catch (BadState e) {
      wipe(state);
      throw e;
    }
  }

  private static SenderChain readSenderChain(DataInputStream in) throws IOException, BadState {
    String room = room(in);
    String epoch = epoch(in);
    byte[] ck = key(in);
    long index = nonNegative(in.readLong());
    long started = in.readLong();
    long sent = nonNegative(in.readLong());
    boolean departed = in.readBoolean();
    int holderCount = count(in, SenderChain.MAX_HOLDERS);
    Map<String, Fingerprint> holders = new TreeMap<>();
    for (int h = 0; h < holderCount; h++) {
      String nick = nick(in);
      byte[] fp = new byte[32];
      in.readFully(fp);
      holders.put(nick, new Fingerprint(HexFormat.of().formatHex(fp)));
    }
    return new SenderChain(room, epoch, new Chain(ck, index), started, sent, holders, departed);
  }

  private static ReceiverEpoch readReceiverEpoch(DataInputStream in) throws IOException, BadState {
    String epoch = epoch(in);
    String signer = in.readUTF();
    if (signer.length() != SIGNER_CHARS) {
      throw new BadState("an invalid signing key");
    }
    byte[] ck = key(in);
    long index = nonNegative(in.readLong());
    ReceiverEpoch e = new ReceiverEpoch(epoch, signer, new Chain(ck, index));
    int skipped = count(in, ReceiverKeys.MAX_MESSAGE_KEYS);
    for (int k = 0; k < skipped; k++) {
      long at = nonNegative(in.readLong());
      byte[] mk = key(in);
      if (at >= index) {
        e.wipe();
        throw new BadState("a skipped key at or past its chain");
      }
      e.putSkipped(at, mk);
    }
    return e;
  }

  private static int count(DataInputStream in, int max) throws IOException, BadState {
    int n = in.readInt();
    if (n < 0 || n > max) {
      throw new BadState("a count beyond its limit");
    }
    return n;
  }

  private static long nonNegative(long v) throws BadState {
    if (v < 0) {
      throw new BadState("a negative index");
    }
    return v;
  }

  private static byte[] key(DataInputStream in) throws IOException {
    byte[] k = new byte[Ratchet.KEY_BYTES];
    in.readFully(k);
    return k;
  }

  private static String room(DataInputStream in) throws IOException, BadState {
    String room = in.readUTF();
    if (!Names.isValidRoom(room)) {
      throw new BadState("an invalid room");
    }
    return room;
  }

  private static String nick(DataInputStream in) throws IOException, BadState {
    String nick = in.readUTF();
    if (!Names.isValidNick(nick)) {
      throw new BadState("an invalid nick");
    }
    return nick;
  }

  private static String epoch(DataInputStream in) throws IOException, BadState {
    String epoch = in.readUTF();
    if (!EpochId.isValid(epoch)) {
      throw new BadState("an invalid epoch");
    }
    return epoch;
  }

  private static void wipe(SenderKeyState state) {
    state.others().clear();
    for (SenderChain c : state.mine().all()) {
      c.destroy();
    }
  }
}
