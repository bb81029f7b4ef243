package dev.conifer.sync.wire;

/** Checked reads over untrusted bytes: every overrun is a {@link SyncFormatException}. */
public final class ByteReader {
  private final byte[] bytes;
  private int position;

  public ByteReader(byte[] bytes) {
    this.bytes = bytes;
  }

  public boolean hasRemaining() {
    return position < bytes.length;
  }

  public int remaining() {
    return bytes.length - position;
  }

  public int u8() throws SyncFormatException {
    need(1);
    return bytes[position++] & 0xff;
  }

  public long varint() throws SyncFormatException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = u8();
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new SyncFormatException("varint longer than 10 bytes");
  }

  /** A varint that must fit in [0, max]. */
  public int count(int max) throws SyncFormatException {
    long v = varint();
    if (v < 0 || v > max) {
      throw new SyncFormatException("count " + v + " exceeds limit " + max);
    }
    return (int) v;
  }

  public int i32() throws SyncFormatException {
    need(4);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (bytes[position++] & 0xff);
    }
    return v;
  }

  public long i64() throws SyncFormatException {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes[position++] & 0xff);
    }
    return v;
  }

  public byte[] bytes(int n) throws SyncFormatException {
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(bytes, position, out, 0, n);
    position += n;
    return out;
  }

  public byte[] blob(int max) throws SyncFormatException {
    return bytes(count(max));
  }

  private void need(int n) throws SyncFormatException {
    if (n < 0 || position + n > bytes.length) {
      throw new SyncFormatException("message truncated at byte " + position);
    }
  }
}
