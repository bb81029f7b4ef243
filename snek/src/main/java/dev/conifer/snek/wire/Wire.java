package dev.conifer.snek.wire;

import java.nio.ByteBuffer;

/** Bounds-checked reads shared by the codecs: each names the field it could not read. */
final class Wire {
  private Wire() {}

  static PublicKey getKey(ByteBuffer buffer, String field) throws WireException {
    require(buffer, PublicKey.LENGTH, field);
    PublicKey key = PublicKey.read(buffer, buffer.position());
    buffer.position(buffer.position() + PublicKey.LENGTH);
    return key;
  }

  static int getU16(ByteBuffer buffer, String field) throws WireException {
    require(buffer, 2, field);
    return Short.toUnsignedInt(buffer.getShort());
  }

  static byte[] getBytes(ByteBuffer buffer, int length, String field) throws WireException {
    require(buffer, length, field);
    byte[] out = new byte[length];
    buffer.get(out);
    return out;
  }

  static void require(ByteBuffer buffer, int length, String field) throws WireException {
    if (buffer.remaining() < length) {
      throw new WireException(
          WireError.TRUNCATED,
          field + " needs " + length + " bytes, " + buffer.remaining() + " left");
    }
  }

  static void requireEnd(ByteBuffer buffer, String what) throws WireException {
    if (buffer.hasRemaining()) {
      throw new WireException(
          WireError.TRAILING_BYTES, buffer.remaining() + " bytes after the " + what);
    }
  }
}
