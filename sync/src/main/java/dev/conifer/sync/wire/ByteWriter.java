package dev.conifer.sync.wire;

import java.util.Arrays;

/** A growable big-endian byte buffer with unsigned LEB128 varints, for message encoding. */
public final class ByteWriter {
  private byte[] bytes = new byte[256];
  private int length;

  public int length() {
    return length;
  }

  public ByteWriter u8(int v) {
    ensure(1);
    bytes[length++] = (byte) v;
    return this;
  }

  public ByteWriter varint(long v) {
    ensure(10);
    while ((v & ~0x7fL) != 0) {
      bytes[length++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    bytes[length++] = (byte) v;
    return this;
  }

  public ByteWriter i32(int v) {
    ensure(4);
    for (int s = 24; s >= 0; s -= 8) {
      bytes[length++] = (byte) (v >>> s);
    }
    return this;
  }

  public ByteWriter i64(long v) {
    ensure(8);
    for (int s = 56; s >= 0; s -= 8) {
      bytes[length++] = (byte) (v >>> s);
    }
    return this;
  }

  public ByteWriter bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, bytes, length, b.length);
    length += b.length;
    return this;
  }

  /** Length-prefixed (varint) bytes. */
  public ByteWriter blob(byte[] b) {
    return varint(b.length).bytes(b);
  }

  public byte[] toArray() {
    return Arrays.copyOf(bytes, length);
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
