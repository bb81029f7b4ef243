package dev.conifer.transfer.hash;

import java.util.Arrays;
import java.util.HexFormat;

/** A blob's name: its standard BLAKE3-256 hash, printed as 64 lowercase hex digits like b3sum. */
public final class BlobHash implements Comparable<BlobHash> {
  public static final int LENGTH = 32;
  private final byte[] bytes;

  private BlobHash(byte[] bytes) {
    this.bytes = bytes;
  }

  public static BlobHash of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a BLAKE3 hash has 32 bytes, got " + bytes.length);
    }
    return new BlobHash(bytes.clone());
  }

  /** Parses 64 hex digits; the error names the bad input. */
  public static BlobHash parse(String hex) {
    if (hex == null || hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("not a blob hash (want 64 hex digits): " + hex);
    }
    try {
      return new BlobHash(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a blob hash (want 64 hex digits): " + hex, e);
    }
  }

  /** The hash of an in-memory byte array. */
  public static BlobHash ofContent(byte[] content) {
    return new BlobHash(Blake3.hash(content));
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public int[] cv() {
    return Blake3.fromBytes(bytes, 0);
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlobHash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(BlobHash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
