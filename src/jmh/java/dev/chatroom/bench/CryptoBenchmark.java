package dev.chatroom.bench;

import dev.chatroom.crypto.Fernet;
import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.MessageOpener;
import dev.chatroom.crypto.MessageSealer;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.Signatures;
import dev.chatroom.crypto.SigningInput;
import dev.chatroom.protocol.Frame;
import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The client's crypto costs: Fernet, sealing for 10 and 100 recipients (RSA-3072), opening, Ed25519. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoBenchmark {
  private Identity me;
  private String fernetKey;
  private byte[] plain200;
  private byte[] payload;
  private Map<String, PublicKey> ten;
  private Map<String, PublicKey> hundred;
  private Frame.Message sealedForTen;
  private byte[] signedInput;
  private byte[] signature;
  private final MessageSealer sealer = new MessageSealer();

  @Setup
  public void setup() throws Exception {
    me = Identity.generate(3072);
    fernetKey = Fernet.generateKey();
    plain200 = new byte[200];
    payload = Payload.text("x".repeat(189)).encode(); // 200 bytes of JSON
    ten = recipients(10);
    hundred = recipients(100);
    sealedForTen = sealer.seal(me, "alice", "lobby", payload, ten);
    signedInput = SigningInput.of(sealedForTen.room(), sealedForTen.from(), sealedForTen.id(),
        sealedForTen.sent(), sealedForTen.encryptedMessage(), sealedForTen.encryptedKeys());
    signature = Base64.getDecoder().decode(sealedForTen.signature());
  }

  private Map<String, PublicKey> recipients(int n) {
    Map<String, PublicKey> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("m" + i, me.rsa().getPublic()); // one key for all: RSA public ops cost the same
    }
    return m;
  }

  @Benchmark
  public byte[] fernetSealAndOpen200Bytes() throws Exception {
    return Fernet.decrypt(fernetKey, Fernet.encrypt(fernetKey, plain200));
  }

  @Benchmark
  public Frame.Message sealFor10Recipients() throws Exception {
    return sealer.seal(me, "alice", "lobby", payload, ten);
  }

  @Benchmark
  public Frame.Message sealFor100Recipients() throws Exception {
    return sealer.seal(me, "alice", "lobby", payload, hundred);
  }

  /** Verify, unwrap (RSA-3072 private key) and decrypt; a fresh replay memory each time. */
  @Benchmark
  public byte[] openOne() throws Exception {
    return new MessageOpener().open(sealedForTen, me.ed25519().getPublic(), "m3", me.rsa().getPrivate());
  }

  @Benchmark
  public boolean ed25519Verify() {
    return Signatures.verify(me.ed25519().getPublic(), signedInput, signature);
  }

}
