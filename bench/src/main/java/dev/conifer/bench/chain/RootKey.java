package dev.conifer.bench.chain;

import dev.conifer.snek.crypto.Ed25519;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A key file ({@code conifer.key}, the node's format: the hex seed and a newline, mode 0600) whose
 * public key starts with 12 one bits: above a random key with probability 4095/4096, so the node
 * that loads it becomes the tree's root (the highest key wins, PROTOCOL.md §5).
 */
final class RootKey {
  private static final int ATTEMPTS_MAX = 1_000_000;

  private RootKey() {}

  static void write(Path dataDir, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed ^ 0x526f6f744b6579L);
    byte[] keySeed = new byte[Ed25519.SEED_LENGTH];
    for (int attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
      random.nextBytes(keySeed);
      byte[] key = Ed25519.signerFromSeed(keySeed.clone()).publicKey().toBytes();
      if ((key[0] & 0xFF) == 0xFF && (key[1] & 0xF0) == 0xF0) {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("conifer.key");
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, HexFormat.of().formatHex(keySeed) + "\n");
        return;
      }
    }
    throw new IllegalStateException("no root key found; reproduce: seed=" + seed);
  }
}
