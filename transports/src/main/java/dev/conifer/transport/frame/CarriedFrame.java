package dev.conifer.transport.frame;

import dev.conifer.snek.wire.FrameHeader;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * The one frame a read ended in the middle of, carried to the next read. Only these bytes are
 * copied: the frames wholly inside a read are handed on where they lie, and the read's buffer is
 * released at once. (Netty's cumulation instead appends every later read to the partial frame, so a
 * busy link, whose reads almost never end on a frame boundary, copied every byte it received.)
 * Event loop only.
 */
final class CarriedFrame {
  private static final int CAPACITY_MIN = 2 * 1024;

  private ByteBuffer bytes = ByteBuffer.allocate(CAPACITY_MIN); // position = bytes held
  private int frameLength; // 0 until the header is here

  boolean isEmpty() {
    return bytes.position() == 0;
  }

  /**
   * Takes bytes from {@code in} until the header, and then the whole frame, is here. Returns the
   * frame (position 0, limit its length) once complete, else null with all of {@code in} taken.
   * {@code check} gives a header's frame length (or throws) once the header is here.
   */
  ByteBuffer fill(ByteBuf in, HeaderCheck check) throws FrameRejectedException {
    while (in.isReadable()) {
      int want = frameLength == 0 ? FrameHeader.LENGTH : frameLength;
      int take = Math.min(want - bytes.position(), in.readableBytes());
      ensureCapacity(bytes.position() + take);
      int at = bytes.position();
      in.readBytes(bytes.array(), bytes.arrayOffset() + at, take);
      bytes.position(at + take);
      if (bytes.position() < want) {
        return null;
      }
      if (frameLength == 0) {
        frameLength = check.frameLength(bytes, 0);
        if (frameLength > FrameHeader.LENGTH) {
          continue;
        }
      }
      bytes.flip();
      return bytes;
    }
    return null;
  }

  /** Holds the start of a frame: {@code length} bytes from {@code in}'s reader index on. */
  void start(ByteBuf in, int length, int knownFrameLength) {
    ensureCapacity(Math.max(length, knownFrameLength));
    in.readBytes(bytes.array(), bytes.arrayOffset(), length);
    bytes.position(length);
    frameLength = knownFrameLength;
  }

  /** After the frame {@link #fill} returned has been handed on: empty, and small again. */
  void clear() {
    if (bytes.capacity() > 8 * CAPACITY_MIN) {
      bytes = ByteBuffer.allocate(CAPACITY_MIN); // one rare large frame does not pin 64 KiB
    }
    bytes.clear();
    frameLength = 0;
  }

  private void ensureCapacity(int capacity) {
    if (capacity > bytes.capacity()) {
      ByteBuffer larger =
          ByteBuffer.allocate(
              Math.max(capacity, Math.min(2 * bytes.capacity(), FrameHeader.FRAME_LENGTH_MAX)));
      bytes.flip();
      larger.put(bytes);
      bytes = larger;
    }
  }

  /** A header check that returns the whole frame's length or rejects the stream. */
  interface HeaderCheck {
    int frameLength(ByteBuffer buffer, int offset) throws FrameRejectedException;
  }
}
