package dev.conifer.transfer;

import java.nio.ByteBuffer;

/**
 * Sans-I/O frame splitter: bytes go in with {@link #handleBytes} at any split points, whole frames
 * come out of {@link #pollFrame}. A frame longer than the limit is a protocol error, never an
 * allocation.
 */
public final class FrameReader {
  private final ByteBuffer buf;
  private final int payloadLengthMax;
  private byte frameType;

  public FrameReader(int payloadLengthMax) {
    this.payloadLengthMax = payloadLengthMax;
    this.buf = ByteBuffer.allocate(BlobsCodec.HEADER_LENGTH + payloadLengthMax);
  }

  /** Copies as many bytes as fit; returns the count taken (call pollFrame, then retry). */
  public int handleBytes(byte[] data, int offset, int length) {
    int n = Math.min(length, buf.remaining());
    buf.put(data, offset, n);
    return n;
  }

  /** Room left for {@link #handleBytes}. */
  public int room() {
    return buf.remaining();
  }

  /**
   * The next complete frame's payload (a view valid until the next call), or null. The frame's type
   * is then {@link #frameType()}.
   */
  public ByteBuffer pollFrame() throws BlobsException {
    buf.flip();
    try {
      if (buf.remaining() < BlobsCodec.HEADER_LENGTH) {
        return null;
      }
      int length = buf.getInt(buf.position() + 1);
      if (length < 0 || length > payloadLengthMax) {
        throw new BlobsException(BlobsError.PROTOCOL, "frame length " + length + " over limit");
      }
      if (buf.remaining() < BlobsCodec.HEADER_LENGTH + length) {
        return null;
      }
      frameType = buf.get();
      buf.getInt();
      byte[] payload = new byte[length];
      buf.get(payload);
      return ByteBuffer.wrap(payload);
    } finally {
      buf.compact();
    }
  }

  public byte frameType() {
    return frameType;
  }
}
