package dev.chatroom.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chatroom.crypto.KeyFileException.Reason;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyFilesTest {
  static final char[] PASS = "correct horse battery staple".toCharArray();
  static final String PYTHON_FP = "9d7d1cdfea3d0c889afb8ab3ada5c8002127f188b376a7f634c18a074b637239";
  static final String OPENSSL_FP = "95b6e8d63cc150c9e94b6d22c24d63a44793bc3dc873688f0b0506b30e8e655e";
  private static Identity small;

  @TempDir Path tmp;

  @BeforeAll
  static void identity() throws Exception {
    small = TestIdentities.fresh();
  }

  /** Copies a committed fixture folder into the temp dir with the modes git does not keep. */
  static Path fixture(Path tmp, String name) throws IOException, URISyntaxException {
    Path source = Path.of(KeyFilesTest.class.getResource("/fixtures/keys/" + name).toURI());
    Path dir = tmp.resolve(name);
    Files.createDirectory(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    for (String file : List.of(KeyFiles.RSA_FILE, KeyFiles.ED25519_FILE)) {
      Files.copy(source.resolve(file), dir.resolve(file));
      Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-------"));
    }
    return dir;
  }

  @ParameterizedTest(name = "loads {0}")
  @CsvSource({
      "python-plain, false, " + PYTHON_FP,
      "python-encrypted, true, " + PYTHON_FP,
      "openssl-plain, false, " + OPENSSL_FP,
      "openssl-encrypted, true, " + OPENSSL_FP})
  void loadsKeysWrittenByOtherTools(String name, boolean encrypted, String fingerprint)
      throws Exception {
    Path dir = fixture(tmp, name);
    assertTrue(KeyFiles.exists(dir));
    assertEquals(encrypted, KeyFiles.isEncrypted(dir));
    Identity id = KeyFiles.load(dir, encrypted ? PASS : null);
    assertEquals(fingerprint, id.fingerprint().hex());
  }

  @Test
  void roundTripsPlainAndEncrypted() throws Exception {
    Path plain = tmp.resolve("plain");
    KeyFiles.write(plain, small, null);
    assertEquals(small.fingerprint(), KeyFiles.load(plain, null).fingerprint());
    assertFalse(KeyFiles.isEncrypted(plain));

    Path locked = tmp.resolve("nested/locked");
    KeyFiles.write(locked, small, PASS, 1000);
    assertTrue(KeyFiles.isEncrypted(locked));
    assertEquals(small.fingerprint(), KeyFiles.load(locked, PASS).fingerprint());
  }

  @Test
  void writesOwnerOnlyModesAndNoLeftovers() throws Exception {
    Path dir = tmp.resolve("id");
    KeyFiles.write(dir, small, null);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    try (var files = Files.list(dir)) {
      assertEquals(List.of("ed25519.pem", "rsa.pem"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    for (String f : List.of(KeyFiles.RSA_FILE, KeyFiles.ED25519_FILE)) {
      assertEquals("rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))));
    }
    try (var siblings = Files.list(tmp)) {
      assertEquals(1, siblings.count(), "no temporary folder left behind");
    }
  }

  @Test
  void writesIntoAnExistingFolderBesideKnownPeers() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("id"));
    Files.writeString(dir.resolve("known_peers"), "");
    KeyFiles.write(dir, small, null);
    assertEquals(small.fingerprint(), KeyFiles.load(dir, null).fingerprint());
    try (var files = Files.list(dir)) {
      assertEquals(3, files.count());
    }
  }

  @Test
  void refusesToOverwriteAnIdentity() throws Exception {
    Path dir = tmp.resolve("id");
    KeyFiles.write(dir, small, null);
    byte[] before = Files.readAllBytes(dir.resolve(KeyFiles.RSA_FILE));
    assertReason(Reason.ALREADY_EXISTS, () -> KeyFiles.write(dir, TestIdentities.fresh(), null));
    assertEquals(new String(before, StandardCharsets.US_ASCII),
        Files.readString(dir.resolve(KeyFiles.RSA_FILE)));
  }

  @Test
  void encryptsWithPbkdf2Sha256At600kIterations() throws Exception {
    Path dir = tmp.resolve("id");
    KeyFiles.write(dir, small, PASS);
    String pem = Files.readString(dir.resolve(KeyFiles.ED25519_FILE));
    assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    byte[] der = java.util.Base64.getMimeDecoder().decode(
        pem.replaceAll("-----[A-Z ]+-----", ""));
    var info = new org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo(der);
    var pbes2 = org.bouncycastle.asn1.pkcs.PBES2Parameters.getInstance(
        info.getEncryptionAlgorithm().getParameters());
    var pbkdf2 = org.bouncycastle.asn1.pkcs.PBKDF2Params.getInstance(
        pbes2.getKeyDerivationFunc().getParameters());
    assertEquals(600_000, pbkdf2.getIterationCount().intValueExact());
    assertEquals(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_hmacWithSHA256,
        pbkdf2.getPrf().getAlgorithm());
    assertEquals(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_aes256_CBC,
        pbes2.getEncryptionScheme().getAlgorithm());
  }

  @Test
  void wrongPassphrase() throws Exception {
    Path dir = fixture(tmp, "openssl-encrypted");
    KeyFileException e = assertReason(Reason.WRONG_PASSPHRASE,
        () -> KeyFiles.load(dir, "nope".toCharArray()));
    assertEquals("Wrong passphrase for " + dir.resolve("rsa.pem") + ".", e.getMessage());
  }

  @Test
  void missingPassphrase() throws Exception {
    Path dir = fixture(tmp, "python-encrypted");
    assertReason(Reason.NEEDS_PASSPHRASE, () -> KeyFiles.load(dir, null));
  }

  @Test
  void truncatedAndGarbageFiles() throws Exception {
    Path dir = fixture(tmp, "python-plain");
    Path rsa = dir.resolve(KeyFiles.RSA_FILE);
    String pem = Files.readString(rsa);
    Files.writeString(rsa, pem.substring(0, pem.length() / 2));
    assertReason(Reason.UNREADABLE, () -> KeyFiles.load(dir, null));
    Files.write(rsa, new byte[] {(byte) 0xff, 0, 1, 2, '\n', (byte) 0x80});
    KeyFileException e = assertReason(Reason.UNREADABLE, () -> KeyFiles.load(dir, null));
    assertTrue(e.getMessage().startsWith(rsa.toString()), e.getMessage());
  }

  @Test
  void rsaKeyInTheEd25519File() throws Exception {
    Path dir = fixture(tmp, "python-plain");
    Files.copy(dir.resolve(KeyFiles.RSA_FILE), dir.resolve(KeyFiles.ED25519_FILE),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    KeyFileException e = assertReason(Reason.WRONG_KEY_TYPE, () -> KeyFiles.load(dir, null));
    assertEquals(dir.resolve(KeyFiles.ED25519_FILE)
        + " holds an RSA key, but must hold an Ed25519 key.", e.getMessage());
  }

  @Test
  void unsupportedRsaSize() throws Exception {
    Path dir = fixture(tmp, "rsa-1024");
    KeyFileException e = assertReason(Reason.UNSUPPORTED_KEY, () -> KeyFiles.load(dir, null));
    assertTrue(e.getMessage().contains("1024 bits"), e.getMessage());
  }

  @Test
  void worldReadableFile() throws Exception {
    Path dir = fixture(tmp, "python-plain");
    Files.setPosixFilePermissions(dir.resolve(KeyFiles.ED25519_FILE),
        PosixFilePermissions.fromString("rw-r--r--"));
    KeyFileException e = assertReason(Reason.INSECURE_PERMISSIONS, () -> KeyFiles.load(dir, null));
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void folderOthersMayEnterIsRefusedBeforeAnyPassphrase() throws Exception {
    Path dir = fixture(tmp, "python-encrypted");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Action a : new Action[] {() -> KeyFiles.load(dir, "x".toCharArray()), () -> KeyFiles.isEncrypted(dir)}) {
      KeyFileException e = assertReason(Reason.INSECURE_PERMISSIONS, a);
      assertEquals(dir + " is accessible to other users; run chmod 700 " + dir + " and try again.",
          e.getMessage());
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx-----x"));
    assertReason(Reason.INSECURE_PERMISSIONS, () -> KeyFiles.load(dir, null));
  }

  @Test
  void folderOrFileOwnedByAnotherUserIsRefused() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "only root can give files away");
    Path dir = fixture(tmp, "python-plain");
    Path ed = dir.resolve(KeyFiles.ED25519_FILE);
    Files.setAttribute(ed, "unix:uid", 65534);
    KeyFileException e = assertReason(Reason.INSECURE_PERMISSIONS, () -> KeyFiles.load(dir, null));
    assertEquals(ed + " belongs to another user; run chown root " + ed + " and try again.", e.getMessage());
    Files.setAttribute(ed, "unix:uid", 0);
    Files.setAttribute(dir, "unix:uid", 65534);
    e = assertReason(Reason.INSECURE_PERMISSIONS, () -> KeyFiles.load(dir, null));
    assertTrue(e.getMessage().startsWith(dir + " belongs to another user"), e.getMessage());
    Files.setAttribute(dir, "unix:uid", 0);
    assertEquals(PYTHON_FP, KeyFiles.load(dir, null).fingerprint().hex());
  }

  @Test
  void writesSyncTheFolderAfterRenaming() throws Exception {
    long before = PrivateFiles.FOLDER_SYNCS.get();
    KeyFiles.write(tmp.resolve("new"), small, null, 1000);
    assertTrue(PrivateFiles.FOLDER_SYNCS.get() >= before + 2, "the new folder and its parent");
    before = PrivateFiles.FOLDER_SYNCS.get();
    PrivateFiles.writeAtomically(tmp.resolve("new").resolve("f"), new byte[] {1});
    assertTrue(PrivateFiles.FOLDER_SYNCS.get() >= before + 1, "the folder of the renamed file");
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(tmp.resolve("new").resolve("f"))));
    try (var list = Files.list(tmp.resolve("new"))) {
      assertEquals(3, list.count(), "no temporary file left behind");
    }
  }

  @Test
  void missingFileAndFolder() throws Exception {
    assertReason(Reason.MISSING, () -> KeyFiles.load(tmp.resolve("nowhere"), null));
    Path dir = fixture(tmp, "python-plain");
    Files.delete(dir.resolve(KeyFiles.ED25519_FILE));
    assertFalse(KeyFiles.exists(dir));
    KeyFileException e = assertReason(Reason.MISSING, () -> KeyFiles.load(dir, null));
    assertEquals(dir.resolve(KeyFiles.ED25519_FILE) + " is missing.", e.getMessage());
  }

  interface Action {
    void run() throws Exception;
  }

  static KeyFileException assertReason(Reason reason, Action action) {
    KeyFileException e = assertThrows(KeyFileException.class, action::run);
    assertEquals(reason, e.reason(), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one sentence: " + e.getMessage());
    return e;
  }
}
