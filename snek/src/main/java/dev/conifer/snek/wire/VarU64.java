package dev.conifer.snek.wire;

import java.nio.ByteBuffer;

/**
 * Pinecone's varu64: big-endian base 128, continuation bit on every byte but the last (PROTOCOL.md
 * §2.1). Not LEB128. Encoders emit only the minimal form, because signatures cover re-encoded
 * bytes.
 */
public final class VarU64 {
  public static final int LENGTH_MAX = 10;

  private VarU64() {}

  /** Bytes needed for {@code value}, read as unsigned. */
  public static int encodedLength(long value) {
    int bits = 64 - Long.numberOfLeadingZeros(value);
    return bits == 0 ? 1 : (bits + 6) / 7;
  }

  /** Writes at the buffer's position and advances it. */
  public static void put(ByteBuffer buffer, long value) {
    for (int shift = 7 * (encodedLength(value) - 1); shift > 0; shift -= 7) {
      buffer.put((byte) (0x80 | ((value >>> shift) & 0x7F)));
    }
    buffer.put((byte) (value & 0x7F));
  }

  /** Writes at an absolute offset and returns the number of bytes written. */
  public static int write(ByteBuffer buffer, int offset, long value) {
    int length = encodedLength(value);
    int i = offset;
    for (int shift = 7 * (length - 1); shift > 0; shift -= 7) {
      buffer.put(i++, (byte) (0x80 | ((value >>> shift) & 0x7F)));
    }
    buffer.put(i, (byte) (value & 0x7F));
    return length;
  }

  /**
   * Strictly decodes at the buffer's position, which advances past it. Rejects the three leniencies
   * Go accepts: a non-minimal leading group, more than 64 bits, and input ending mid-value.
   */
  public static long get(ByteBuffer buffer) throws WireException {
    int first = buffer.position();
    long value = 0;
    while (buffer.hasRemaining()) {
      int b = buffer.get() & 0xFF;
      if (b == 0x80 && buffer.position() - 1 == first) {
        throw new WireException(WireError.VARU64_NON_MINIMAL);
      }
      if ((value >>> 57) != 0) {
        throw new WireException(WireError.VARU64_OVERFLOW);
      }
      value = (value << 7) | (b & 0x7F);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new WireException(WireError.VARU64_TRUNCATED);
  }
}
