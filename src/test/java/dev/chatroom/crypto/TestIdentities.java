package dev.chatroom.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey;

/**
 * TEST ONLY. RSA-2048 + Ed25519 identities made ahead of time (src/test/resources/.../test-identities.txt),
 * because generating RSA keys is most of the suite's crypto CPU. Each call hands out one this JVM
 * has not handed out before, so keys within a test (alice, bob, an impostor) always differ; when
 * the pool runs dry it generates fresh ones. Tests of key generation itself call
 * {@link Identity#generate(int)}.
 */
public final class TestIdentities {
  private static final String FILE = "test-identities.txt";
  private static final String SIZES_FILE = "test-rsa-sizes.txt";
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static volatile List<String[]> pool;

  private TestIdentities() {}

  /** An RSA-2048 + Ed25519 identity no earlier call in this JVM returned. */
  public static Identity fresh() throws CryptoException {
    List<String[]> keys = pool();
    int i = NEXT.getAndIncrement();
    if (i >= keys.size()) {
      return Identity.generate(2048);
    }
    try {
      return parse(keys.get(i));
    } catch (GeneralSecurityException e) {
      throw new CryptoException("test identity " + i + " in " + FILE + " does not load", e);
    }
  }

  /**
   * A fixed RSA key pair of {@code bits} (3072 or 4096) from the pool file, for tests of the
   * larger sizes: making a 4096-bit key costs seconds of CPU.
   */
  public static KeyPair rsa(int bits) {
    for (String[] line : read(SIZES_FILE)) {
      if (line[0].equals(String.valueOf(bits))) {
        try {
          return rsaPair(line[1]);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("the RSA-" + bits + " test key in " + SIZES_FILE + " does not load", e);
        }
      }
    }
    throw new IllegalStateException("no RSA-" + bits + " test key in " + SIZES_FILE + "; run TestIdentities.main");
  }

  /** As {@link #fresh()}, for lambdas and static initialisers. */
  public static Identity freshUnchecked() {
    try {
      return fresh();
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair rsaPair(String pkcs8) throws GeneralSecurityException {
    KeyFactory rsaFactory = KeyFactory.getInstance("RSA");
    RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) rsaFactory.generatePrivate(
        new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pkcs8)));
    return new KeyPair(rsaFactory.generatePublic(
        new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())), rsa);
  }

  private static Identity parse(String[] line) throws GeneralSecurityException {
    KeyPair rsaPair = rsaPair(line[0]);
    PrivateKey ed = KeyFactory.getInstance("Ed25519", Signatures.BC).generatePrivate(
        new PKCS8EncodedKeySpec(Base64.getDecoder().decode(line[1])));
    return new Identity(rsaPair, new KeyPair(((EdDSAPrivateKey) ed).getPublicKey(), ed));
  }

  private static List<String[]> pool() {
    List<String[]> p = pool;
    if (p == null) {
      synchronized (TestIdentities.class) {
        if (pool == null) {
          pool = read(FILE);
        }
        p = pool;
      }
    }
    return p;
  }

  private static List<String[]> read(String file) {
    List<String[]> lines = new ArrayList<>();
    try (InputStream in = TestIdentities.class.getResourceAsStream(file)) {
      if (in == null) {
        return lines; // not generated: every call generates
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          lines.add(line.trim().split(" "));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(lines);
  }

  /**
   * Rewrites the pool: from the project root,
   * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) dev.chatroom.crypto.TestIdentities 128}.
   */
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 128;
    StringBuilder out = new StringBuilder()
        .append("# TEST ONLY: published private keys for the test suite; never use them for anything else.\n")
        .append("# One identity per line: base64 PKCS#8 of the RSA-2048 key, then of the Ed25519 key.\n")
        .append("# Written by dev.chatroom.crypto.TestIdentities (src/test/java).\n");
    Base64.Encoder b64 = Base64.getEncoder();
    for (int i = 0; i < count; i++) {
      Identity id = Identity.generate(2048);
      out.append(b64.encodeToString(id.rsa().getPrivate().getEncoded())).append(' ')
          .append(b64.encodeToString(id.ed25519().getPrivate().getEncoded())).append('\n');
    }
    Path file = Path.of("src/test/resources/dev/chatroom/crypto", FILE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, out, StandardCharsets.US_ASCII);
    StringBuilder sizes = new StringBuilder()
        .append("# TEST ONLY: published private keys for the test suite; never use them for anything else.\n")
        .append("# One RSA key per line: its size in bits, then base64 PKCS#8. Written by TestIdentities.\n");
    for (int bits : new int[] {3072, 4096}) {
      java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("RSA");
      gen.initialize(bits);
      sizes.append(bits).append(' ').append(b64.encodeToString(gen.generateKeyPair().getPrivate().getEncoded())).append('\n');
    }
    Files.writeString(file.resolveSibling(SIZES_FILE), sizes, StandardCharsets.US_ASCII);
    System.out.println("wrote " + count + " test identities to " + file + ", and " + SIZES_FILE);
  }
}
