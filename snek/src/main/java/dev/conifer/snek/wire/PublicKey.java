package dev.conifer.snek.wire;

import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * A 32-byte Ed25519 public key, the only address in SNEK.
 *
 * <p>Held as four big-endian {@code long}s so that comparison is four unsigned compares and no
 * {@code byte[]} is cloned on the hot path. Ordering is the protocol's: byte-wise unsigned
 * (memcmp), where "higher" means "stronger" (PROTOCOL.md §1).
 */
public final class PublicKey implements Comparable<PublicKey> {
  public static final int LENGTH = 32;

  /** 32 zero bytes: "unset". */
  public static final PublicKey EMPTY = new PublicKey(0, 0, 0, 0);

  /** 32 bytes of 0xFF: the greatest key, used as the "worst" watermark. */
  public static final PublicKey FULL_MASK = new PublicKey(-1L, -1L, -1L, -1L);

  private static final HexFormat HEX = HexFormat.of();

  private final long w0;
  private final long w1;
  private final long w2;
  private final long w3;

  private PublicKey(long w0, long w1, long w2, long w3) {
    this.w0 = w0;
    this.w1 = w1;
    this.w2 = w2;
    this.w3 = w3;
  }

  public static PublicKey ofWords(long w0, long w1, long w2, long w3) {
    return new PublicKey(w0, w1, w2, w3);
  }

  /** Copies 32 bytes. Throws {@link IllegalArgumentException} if {@code bytes} is not 32 long. */
  public static PublicKey of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("public key must be 32 bytes, got " + bytes.length);
    }
    return read(ByteBuffer.wrap(bytes), 0);
  }

  /** Reads 32 bytes at an absolute offset; the caller has checked the bounds. */
  public static PublicKey read(ByteBuffer buffer, int offset) {
    return new PublicKey(
        buffer.getLong(offset),
        buffer.getLong(offset + 8),
        buffer.getLong(offset + 16),
        buffer.getLong(offset + 24));
  }

  /**
   * Parses 64 hex characters (either case). Throws {@link IllegalArgumentException} naming the
   * problem; callers that take user input turn it into a message.
   */
  public static PublicKey fromHex(String hex) {
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException(
          "public key must be 64 hex characters, got " + hex.length() + ": " + hex);
    }
    try {
      return of(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("public key is not valid hex: " + hex, e);
    }
  }

  /** Writes the 32 bytes at an absolute offset. */
  public void write(ByteBuffer buffer, int offset) {
    buffer.putLong(offset, w0);
    buffer.putLong(offset + 8, w1);
    buffer.putLong(offset + 16, w2);
    buffer.putLong(offset + 24, w3);
  }

  /** Writes the 32 bytes at the buffer's position and advances it. */
  public void put(ByteBuffer buffer) {
    buffer.putLong(w0).putLong(w1).putLong(w2).putLong(w3);
  }

  public byte[] toBytes() {
    byte[] out = new byte[LENGTH];
    write(ByteBuffer.wrap(out), 0);
    return out;
  }

  public String toHex() {
    return HEX.formatHex(toBytes());
  }

  /** Unsigned byte-wise comparison, as the protocol's {@code cmp}. */
  @Override
  public int compareTo(PublicKey o) {
    return compare(w0, w1, w2, w3, o.w0, o.w1, o.w2, o.w3);
  }

  /**
   * Compares this key with the 32 bytes at {@code offset} in {@code buffer}, without allocating.
   */
  public int compareTo(ByteBuffer buffer, int offset) {
    return compare(
        w0,
        w1,
        w2,
        w3,
        buffer.getLong(offset),
        buffer.getLong(offset + 8),
        buffer.getLong(offset + 16),
        buffer.getLong(offset + 24));
  }

  public boolean equalsAt(ByteBuffer buffer, int offset) {
    return w0 == buffer.getLong(offset)
        && w1 == buffer.getLong(offset + 8)
        && w2 == buffer.getLong(offset + 16)
        && w3 == buffer.getLong(offset + 24);
  }

  static int compare(long a0, long a1, long a2, long a3, long b0, long b1, long b2, long b3) {
    if (a0 != b0) {
      return Long.compareUnsigned(a0, b0);
    }
    if (a1 != b1) {
      return Long.compareUnsigned(a1, b1);
    }
    if (a2 != b2) {
      return Long.compareUnsigned(a2, b2);
    }
    return Long.compareUnsigned(a3, b3);
  }

  public boolean lessThan(PublicKey o) {
    return compareTo(o) < 0;
  }

  public boolean greaterThan(PublicKey o) {
    return compareTo(o) > 0;
  }

  /** {@code a < b < c}, strict and non-wrapping: the only ordering helper the router uses. */
  public static boolean dhtOrdered(PublicKey a, PublicKey b, PublicKey c) {
    return a.compareTo(b) < 0 && b.compareTo(c) < 0;
  }

  /** The first 8 bytes as a long; handy for sorting and cheap hashing. */
  public long word0() {
    return w0;
  }

  public long word1() {
    return w1;
  }

  public long word2() {
    return w2;
  }

  public long word3() {
    return w3;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKey k && k.w0 == w0 && k.w1 == w1 && k.w2 == w2 && k.w3 == w3;
  }

  @Override
  public int hashCode() {
    // Keys are uniformly random, so any word is a good hash; mix all of them so crafted keys that
    // share a prefix do not collide.
    long h = w0 * 0x9E3779B97F4A7C15L ^ w1 * 0xC2B2AE3D27D4EB4FL ^ w2 ^ Long.rotateLeft(w3, 29);
    return (int) (h ^ (h >>> 32));
  }

  /** The first 8 hex digits, for logs; {@link #toHex()} gives the whole key. */
  public String shortHex() {
    return toHex().substring(0, 8);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
