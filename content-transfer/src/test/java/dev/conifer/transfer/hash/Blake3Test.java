package dev.conifer.transfer.hash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conifer.transfer.store.FileBlobStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class Blake3Test {
  /** The input lengths of the official BLAKE3 test vectors, plus a few multi-group sizes. */
  static final int[] LENGTHS = {
    0, 1, 1023, 1024, 1025, 2048, 2049, 3072, 3073, 4096, 4097, 5120, 5121, 6144, 6145, 8192, 8193,
    16384, 31744, 102400
  };

  /** The official vectors' input: bytes 0, 1, ..., 250, 0, 1, ... */
  public static byte[] pattern(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  static byte[] bouncyCastle(byte[] data) {
    Blake3Digest d = new Blake3Digest(256);
    d.update(data, 0, data.length);
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        0, 1, 1023, 1024, 1025, 2048, 2049, 3072, 3073, 4096, 4097, 5120, 5121, 6144, 6145, 8192,
        8193, 16384, 31744, 102400, 16385, 32768, 49153, 1 << 20
      })
  void treeRootMatchesBouncyCastle(int length) {
    byte[] data = pattern(length);
    assertThat(HexFormat.of().formatHex(Blake3.hash(data)))
        .isEqualTo(HexFormat.of().formatHex(bouncyCastle(data)));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 16384, 16385, 102400, 3 * 16384 + 7, 1 << 20})
  void groupTreeRootEqualsHash(int length, @TempDir Path dir) throws Exception {
    byte[] data = pattern(length);
    try (FileBlobStore store = new FileBlobStore(dir, () -> 0L)) {
      BlobHash h = store.put(new ByteArrayInputStream(data));
      assertThat(h.bytes()).isEqualTo(bouncyCastle(data));
    }
  }

  @Test
  void knownVectorForEmptyInput() {
    // From the BLAKE3 specification: the hash of the empty input.
    assertThat(HexFormat.of().formatHex(Blake3.hash(new byte[0])))
        .isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
    assertThat(BlobHash.ofContent("abc".getBytes(StandardCharsets.US_ASCII)).hex())
        .isEqualTo("6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85");
  }

  @Test
  void hashesEqualB3sum(@TempDir Path dir) throws Exception {
    Path b3sum = findB3sum();
    Assumptions.assumeTrue(
        b3sum != null, "b3sum is not installed (Debian package b3sum): comparison skipped");
    try (FileBlobStore store = new FileBlobStore(dir.resolve("data"), () -> 0L)) {
      for (int length : LENGTHS) {
        byte[] data = pattern(length);
        Path file = dir.resolve("in-" + length);
        Files.write(file, data);
        Process p = new ProcessBuilder(b3sum.toString(), "--no-names", file.toString()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        BlobHash stored = store.put(Files.newInputStream(file));
        assertThat(stored.hex()).as("length %d", length).isEqualTo(printed.trim());
      }
    }
  }

  static Path findB3sum() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(":")) {
      Path p = Path.of(d, "b3sum");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
