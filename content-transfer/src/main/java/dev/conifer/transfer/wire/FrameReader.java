package dev.conifer.transfer.wire;

import dev.conifer.transfer.BlobsError;
import dev.conifer.transfer.BlobsException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Sans-I/O frame splitter: bytes go in with {@link #handleBytes} (or {@link #readFrom}) at any
 * split points, whole frames come out of {@link #pollFrame}. A frame longer than the limit is a
 * protocol error, never an allocation.
 *
 * <p>Once a header is in, the payload's own array is allocated and bytes go straight into it, so
 * each byte is copied once here however small the reads are (a session read returns one packet's
 * worth, about 1 KiB); the array then belongs to whoever polls the frame.
 */
public final class FrameReader {
  /** Where {@link #readFrom} gets bytes: an {@code InputStream::read}. */
  public interface Source {
    int read(byte[] b, int off, int len) throws IOException;
  }

  private static final byte[] EMPTY = new byte[0];
  private final int payloadLengthMax;
  private final byte[] header = new byte[BlobsCodec.HEADER_LENGTH];
  private int headerFill;
  private byte[] payload; // null while the header is incomplete
  private int payloadFill;
  private boolean ready;
  private BlobsException error;
  private byte frameType;

  public FrameReader(int payloadLengthMax) {
    this.payloadLengthMax = payloadLengthMax;
  }

  /** Takes bytes up to the end of the current frame; returns the count taken (poll, then retry). */
  public int handleBytes(byte[] data, int offset, int length) {
    int taken = 0;
    while (taken < length && room() > 0) {
      int n = Math.min(length - taken, room());
      if (payload == null) {
        System.arraycopy(data, offset + taken, header, headerFill, n);
      } else {
        System.arraycopy(data, offset + taken, payload, payloadFill, n);
      }
      taken += n;
      advance(n);
    }
    return taken;
  }

  /**
   * Reads once from {@code source} straight into the current frame; returns what the read returned
   * (-1 at end of stream). Poll first: with a whole frame waiting there is no room.
   */
  public int readFrom(Source source) throws IOException {
    int room = room();
    if (room == 0) {
      return 0;
    }
    int n =
        payload == null
            ? source.read(header, headerFill, room)
            : source.read(payload, payloadFill, room);
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  /** Bytes the current frame still needs (0 while a frame or an error waits to be polled). */
  public int room() {
    if (ready || error != null) {
      return 0;
    }
    return payload == null ? header.length - headerFill : payload.length - payloadFill;
  }

  /**
   * The next complete frame's payload, or null. The payload wraps a fresh array that the caller may
   * keep (a group's bytes stay in it). The frame's type is then {@link #frameType()}.
   */
  public ByteBuffer pollFrame() throws BlobsException {
    if (error != null) {
      throw error;
    }
    if (!ready) {
      return null;
    }
    ByteBuffer p = ByteBuffer.wrap(payload);
    frameType = header[0];
    ready = false;
    payload = null;
    headerFill = 0;
    payloadFill = 0;
    return p;
  }

  public byte frameType() {
    return frameType;
  }

  private void advance(int n) {
    if (payload != null) {
      payloadFill += n;
      ready = payloadFill == payload.length;
      return;
    }
    headerFill += n;
    if (headerFill < header.length) {
      return;
    }
    int length = ByteBuffer.wrap(header).getInt(1);
    if (length < 0 || length > payloadLengthMax) {
      error = new BlobsException(BlobsError.PROTOCOL, "frame length " + length + " over limit");
      return;
    }
    payload = length == 0 ? EMPTY : new byte[length];
    payloadFill = 0;
    ready = length == 0;
  }
}
