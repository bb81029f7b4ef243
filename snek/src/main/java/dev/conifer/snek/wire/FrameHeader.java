package dev.conifer.snek.wire;

import java.nio.ByteBuffer;

/**
 * The 10-byte header in front of every frame (PROTOCOL.md §4.1): magic "pine", version 0, type, an
 * ignored byte, hop limit, and the total frame length (header included) as u16 BE.
 *
 * <p>Static accessors over absolute offsets, so transports can frame a stream and the router can
 * rewrite the hop limit in place without decoding the body or allocating.
 */
public final class FrameHeader {
  public static final int LENGTH = 10;
  public static final int MAGIC = 0x70696e65; // "pine"
  public static final int VERSION = 0;
  public static final int FRAME_LENGTH_MAX = 0xFFFF;

  public static final int MAGIC_OFFSET = 0;
  public static final int VERSION_OFFSET = 4;
  public static final int TYPE_OFFSET = 5;
  public static final int EXTRA_OFFSET = 6;
  public static final int HOP_LIMIT_OFFSET = 7;
  public static final int FRAME_LENGTH_OFFSET = 8;

  private FrameHeader() {}

  public static int typeCode(ByteBuffer buffer, int offset) {
    return buffer.get(offset + TYPE_OFFSET) & 0xFF;
  }

  public static int hopLimit(ByteBuffer buffer, int offset) {
    return buffer.get(offset + HOP_LIMIT_OFFSET) & 0xFF;
  }

  public static void hopLimit(ByteBuffer buffer, int offset, int hopLimit) {
    buffer.put(offset + HOP_LIMIT_OFFSET, (byte) hopLimit);
  }

  public static int frameLength(ByteBuffer buffer, int offset) {
    return Short.toUnsignedInt(buffer.getShort(offset + FRAME_LENGTH_OFFSET));
  }

  /** Writes a header at an absolute offset. */
  public static void write(
      ByteBuffer buffer, int offset, FrameType type, int hopLimit, int frameLength) {
    buffer.putInt(offset + MAGIC_OFFSET, MAGIC);
    buffer.put(offset + VERSION_OFFSET, (byte) VERSION);
    buffer.put(offset + TYPE_OFFSET, (byte) type.code());
    buffer.put(offset + EXTRA_OFFSET, (byte) 0);
    buffer.put(offset + HOP_LIMIT_OFFSET, (byte) hopLimit);
    buffer.putShort(offset + FRAME_LENGTH_OFFSET, (short) frameLength);
  }

  /**
   * Checks the header at {@code offset} (fewer than {@link #LENGTH} bytes there is TRUNCATED) and
   * returns the frame length it declares, so a stream decoder knows how much more to wait for.
   * Known types must declare at least their minimum length: Go panics on shorter ones (§16).
   *
   * @param frameLengthMax the largest frame this link accepts (at most {@link #FRAME_LENGTH_MAX})
   */
  public static int check(ByteBuffer buffer, int offset, int frameLengthMax) throws WireException {
    if (offset < 0 || buffer.limit() - offset < LENGTH) {
      throw new WireException(
          WireError.TRUNCATED, "frame header needs 10 bytes at offset " + offset);
    }
    if (buffer.getInt(offset + MAGIC_OFFSET) != MAGIC) {
      throw new WireException(WireError.BAD_MAGIC);
    }
    int version = buffer.get(offset + VERSION_OFFSET) & 0xFF;
    if (version != VERSION) {
      throw new WireException(WireError.UNKNOWN_FRAME_VERSION, "frame version " + version);
    }
    int length = frameLength(buffer, offset);
    FrameType type = FrameType.ofCode(typeCode(buffer, offset));
    int min = type == null ? LENGTH : type.frameLengthMin();
    if (length < min) {
      throw new WireException(
          WireError.FRAME_TOO_SHORT,
          "length " + length + " below " + min + " for type " + typeCode(buffer, offset));
    }
    if (type == FrameType.KEEPALIVE && length != LENGTH) {
      throw new WireException(WireError.FRAME_LENGTH_MISMATCH, "keepalive of length " + length);
    }
    if (length > frameLengthMax) {
      throw new WireException(
          WireError.FRAME_TOO_LONG, "length " + length + " above " + frameLengthMax);
    }
    return length;
  }
}
