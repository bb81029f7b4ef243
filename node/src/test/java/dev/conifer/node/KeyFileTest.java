package dev.conifer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conifer.node.cli.Conifer;
import dev.conifer.snek.crypto.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
  /** PROTOCOL.md §17.1: seed of 32 bytes 0x01 is key A. */
  private static final String SEED_A = "01".repeat(32);

  private static final String KEY_A =
      "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c";

  @TempDir Path dir;

  private static SecureRandom seeded(long seed) {
    return new SeededRandom(seed);
  }

  @Test
  void createsMissingKeyFileWithOwnerOnlyMode() throws IOException {
    Path path = dir.resolve("sub/conifer.key");

    KeyFile.loadOrCreate(path, seeded(1));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(path)).matches("[0-9a-f]{64}\n");
  }

  @Test
  void reloadsTheSameIdentity() {
    Path path = dir.resolve("conifer.key");

    Signer created = KeyFile.loadOrCreate(path, seeded(2));
    Signer loaded = KeyFile.loadOrCreate(path, seeded(3));

    assertThat(loaded.publicKey()).isEqualTo(created.publicKey());
  }

  @Test
  void readsGoSecretKeyFormat() throws IOException {
    Path path = dir.resolve("a.key");
    Files.writeString(path, "  " + SEED_A + "\r\n", StandardCharsets.US_ASCII);

    assertThat(KeyFile.load(path).publicKey().toHex()).isEqualTo(KEY_A);
  }

  @Test
  void neverOverwritesAnExistingKey() throws IOException {
    Path path = dir.resolve("a.key");
    Files.writeString(path, SEED_A);

    assertThatThrownBy(() -> KeyFile.create(path, seeded(4)))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(path)).isEqualTo(SEED_A);
  }

  @Test
  void malformedKeyFileIsAClearError() throws IOException {
    Path shortFile = dir.resolve("short.key");
    Files.writeString(shortFile, "abcd");
    Path notHex = dir.resolve("nothex.key");
    Files.writeString(notHex, "zz".repeat(32));
    Path binary = dir.resolve("binary.key");
    Files.write(binary, new byte[64]);

    assertThatThrownBy(() -> KeyFile.load(shortFile))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "malformed key file "
                + shortFile
                + ": expected 64 hex characters (a 32-byte Ed25519 seed), found 4 characters");
    assertThatThrownBy(() -> KeyFile.load(notHex))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("not hexadecimal");
    assertThatThrownBy(() -> KeyFile.load(binary))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("malformed key file");
  }

  @Test
  void missingKeyFileIsAnErrorWhenLoadingOnly() {
    Path path = dir.resolve("absent.key");

    assertThatThrownBy(() -> KeyFile.load(path))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("does not exist");
    assertThat(path).doesNotExist();
  }

  @Test
  void keygenWritesKeyFilePrintsPublicKeyAndRefusesToOverwrite() throws IOException {
    Path path = dir.resolve("id.key");

    CliRun first = CliRun.of("keygen", "--out", path.toString());
    CliRun second = CliRun.of("keygen", "--out", path.toString());

    assertThat(first.exitCode()).isZero();
    String publicKey = KeyFile.load(path).publicKey().toHex();
    assertThat(first.out().strip()).isEqualTo("public-key " + publicKey);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
        .isEqualTo("rw-------");
    assertThat(second.exitCode()).isEqualTo(Conifer.EXIT_FAILURE);
    assertThat(second.err()).contains("already exists");
    assertThat(KeyFile.load(path).publicKey().toHex()).isEqualTo(publicKey);
  }
}
